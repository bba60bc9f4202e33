import { describe, expect, it } from 'vitest';
import {
  fullName,
  isKnownImage,
  parseImage,
  pullErrorMessage,
  statusImage,
  statusImageId,
} from './images.ts';

describe('images', () => {
  it('normalizes references like containerd does', () => {
    expect(fullName(parseImage('nginx'))).toBe('docker.io/library/nginx:latest');
    expect(fullName(parseImage('calico/node:v3.28.1'))).toBe('docker.io/calico/node:v3.28.1');
    expect(fullName(parseImage('registry.k8s.io/coredns/coredns:v1.11.1'))).toBe(
      'registry.k8s.io/coredns/coredns:v1.11.1',
    );
    expect(fullName(parseImage('localhost:5000/app'))).toBe('localhost:5000/app:latest');
  });

  it('serves the lab app only under its master tag (docs/reference-facts.md, container-tools-output §6)', () => {
    expect(isKnownImage(parseImage('ifilyaninitmo/itdt-contained-frontend:master'))).toBe(true);
    expect(isKnownImage(parseImage('docker.io/ifilyaninitmo/itdt-contained-frontend:master'))).toBe(true);
    expect(isKnownImage(parseImage('ifilyaninitmo/itdt-contained-frontend'))).toBe(false);
    expect(isKnownImage(parseImage('ifilyaninitmo/itdt-contained-frontend-typo:master'))).toBe(false);
    expect(isKnownImage(parseImage('busybox:1.36'))).toBe(true);
  });

  it('reports image and imageID per runtime (docs/reference-facts.md, kubectl-and-pods §2)', () => {
    const app = parseImage('ifilyaninitmo/itdt-contained-frontend:master');
    expect(statusImage(app, 'docker')).toBe('ifilyaninitmo/itdt-contained-frontend:master');
    expect(statusImage(app, 'containerd')).toBe('docker.io/ifilyaninitmo/itdt-contained-frontend:master');
    expect(statusImageId(app, 'docker')).toMatch(
      /^docker-pullable:\/\/ifilyaninitmo\/itdt-contained-frontend@sha256:[0-9a-f]{64}$/,
    );
  });

  it('explains a missing tag as not found', () => {
    const msg = pullErrorMessage(parseImage('ifilyaninitmo/itdt-contained-frontend'), 'containerd', false);
    expect(msg).toContain('docker.io/ifilyaninitmo/itdt-contained-frontend:latest: not found');
  });
});
