import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellFolder,
  cellLabel,
  checkSimMinikube,
  combinations,
  parseStrictVersion,
  parseVersionList,
  VersionListError,
} from './versions.ts';

describe('matrix version flags', () => {
  it('reads a comma-separated list in the order given, adding a missing v', () => {
    expect(parseVersionList('v3.20.0, 3.26.1,v3.28.1', '--calico')).toEqual([
      'v3.20.0',
      'v3.26.1',
      'v3.28.1',
    ]);
  });

  it.each([
    ['v3.28', 'is not a version like v3.28.1'],
    ['v3.28.1-rc1', 'is not a version like v3.28.1'],
    ['v03.28.1', 'is not a version like v3.28.1'],
    ['latest', 'is not a version like v3.28.1'],
    ['../v3.28.1', 'is not a version like v3.28.1'],
    ['v3.28.1,', 'an empty version'],
    ['v3.28.1,v3.28.1', 'v3.28.1 is listed twice'],
  ])('refuses %j', (text, message) => {
    expect(() => parseVersionList(text, '--calico')).toThrow(VersionListError);
    expect(() => parseVersionList(text, '--calico')).toThrow(message);
  });

  it('accepts only vN.N.N, so a version is safe as a folder name (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        let v: string;
        try {
          v = parseStrictVersion(text, '--kubernetes');
        } catch (e) {
          return e instanceof VersionListError;
        }
        return /^v\d{1,4}\.\d{1,4}\.\d{1,4}$/.test(v);
      }),
    );
  });

  it('plays on sim only the minikube releases the stand-in knows (src/minikube/versions.ts)', () => {
    expect(() => checkSimMinikube(['v1.34.0', 'v1.32.0'])).not.toThrow();
    expect(() => checkSimMinikube(['v1.99.0'])).toThrow('the emulator plays no minikube v1.99.0');
  });

  it('lists every combination: minikube, then Calico (rows), then Kubernetes (columns)', () => {
    expect(combinations(['v3.20.0', 'v3.28.1'], ['v1.24.3', 'v1.31.0'], [])).toEqual([
      { calico: 'v3.20.0', kubernetes: 'v1.24.3' },
      { calico: 'v3.20.0', kubernetes: 'v1.31.0' },
      { calico: 'v3.28.1', kubernetes: 'v1.24.3' },
      { calico: 'v3.28.1', kubernetes: 'v1.31.0' },
    ]);
    expect(combinations(['v3.28.1'], ['v1.31.0'], ['v1.32.0', 'v1.34.0'])).toEqual([
      { calico: 'v3.28.1', kubernetes: 'v1.31.0', minikube: 'v1.32.0' },
      { calico: 'v3.28.1', kubernetes: 'v1.31.0', minikube: 'v1.34.0' },
    ]);
  });

  it('names folders <calico>_<kubernetes>, under minikube-<v>/ when several releases are asked for', () => {
    expect(cellFolder({ calico: 'v3.28.1', kubernetes: 'v1.31.0' }, 0)).toBe('v3.28.1_v1.31.0');
    expect(cellFolder({ calico: 'v3.28.1', kubernetes: 'v1.31.0', minikube: 'v1.34.0' }, 1)).toBe(
      'v3.28.1_v1.31.0',
    );
    expect(cellFolder({ calico: 'v3.28.1', kubernetes: 'v1.31.0', minikube: 'v1.34.0' }, 2)).toBe(
      'minikube-v1.34.0/v3.28.1_v1.31.0',
    );
    expect(cellLabel({ calico: 'v3.28.1', kubernetes: 'v1.31.0', minikube: 'v1.34.0' })).toBe(
      'calico v3.28.1 × kubernetes v1.31.0 on minikube v1.34.0',
    );
  });
});
