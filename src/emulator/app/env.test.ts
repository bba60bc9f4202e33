import { describe, expect, it } from 'vitest';
import { createStore } from '../store/memory-store.ts';
import { pod } from '../test-support/lab-cluster.ts';
import { containerEnv, findContainer, specEnv } from './env.ts';

describe('container env', () => {
  const store = createStore();
  store.create('configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'default' },
    data: { user: 'petrov' },
  });
  store.create('secrets', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'sec', namespace: 'default' },
    data: { company: Buffer.from('ITMO University').toString('base64') },
  });
  const p = pod({
    name: 'app',
    node: 'minikube',
    ip: '192.168.0.7',
    env: [
      { name: 'REACT_APP_USERNAME', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'user' } } },
      { name: 'REACT_APP_COMPANY_NAME', valueFrom: { secretKeyRef: { name: 'sec', key: 'company' } } },
      { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'GREETING', value: 'hi $(REACT_APP_USERNAME)' },
      { name: 'MISSING', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x' } } },
    ],
  });

  it('resolves value, configMapKeyRef, secretKeyRef (base64) and fieldRef', () => {
    expect(specEnv(store, p, findContainer(p))).toEqual({
      REACT_APP_USERNAME: 'petrov',
      REACT_APP_COMPANY_NAME: 'ITMO University',
      MY_IP: '192.168.0.7',
      GREETING: 'hi petrov',
    });
  });

  it('adds image defaults and HOSTNAME', () => {
    const env = containerEnv(store, p);
    expect(env.HOSTNAME).toBe('app');
    expect(env.NODE_VERSION).toBe('14.21.3');
    expect(env.PATH).toContain('/usr/local/bin');
  });
});
