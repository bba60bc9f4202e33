// Messages from docs/reference-facts.md, container-tools-output §4 (busybox wget.c, libbb/xconnect.c).
import { describe, expect, it } from 'vitest';
import { IP_B, labCluster, POD_A, pod, SERVICE_IP, service } from '../../test-support/lab-cluster.ts';
import { progressLine, smartSize5 } from './wget.ts';

describe('busybox wget', () => {
  it('prints only the body with -qO- (index.html naming the bundle)', async () => {
    const { exec } = labCluster();
    const r = await exec(POD_A, ['wget', '-qO-', `http://${IP_B}:3000/`]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^<!doctype html>.*<script defer="defer" src="\/static\/js\/main\.[0-9a-f]{8}\.js"><\/script>/,
    );
  });

  it('reports bad address for names that do not resolve', async () => {
    const { exec } = labCluster();
    expect(await exec(POD_A, ['wget', '-qO-', 'http://nosuch:3000/'])).toEqual({
      stdout: '',
      stderr: "wget: bad address 'nosuch'\n",
      exitCode: 1,
    });
  });

  it('is refused while the app is still building (nothing listens on 3000)', async () => {
    const { exec, store } = labCluster({}, { timeFactor: 1 });
    store.create(
      'pods',
      pod({ name: 'fresh', node: 'minikube', ip: '192.168.0.80', startedAtMs: Date.now() }),
    );
    expect(await exec(POD_A, ['wget', '-qO-', 'http://192.168.0.80:3000/'])).toEqual({
      stdout: '',
      stderr: "wget: can't connect to remote host (192.168.0.80): Connection refused\n",
      exitCode: 1,
    });
  });

  it('is refused through a Service without endpoints, and times out with -T on a port the Service lacks', async () => {
    const { exec, store } = labCluster();
    store.create('services', service('empty', '10.100.0.1', { app: 'none' }));
    expect((await exec(POD_A, ['wget', '-qO-', 'empty:3000'])).stderr).toBe(
      "wget: can't connect to remote host (10.100.0.1): Connection refused\n",
    );
    expect(await exec(POD_A, ['wget', '-T', '2', '-qO-', `${SERVICE_IP}:8080`])).toEqual({
      stdout: '',
      stderr: 'wget: download timed out\n',
      exitCode: 1,
    });
  });

  it('turns HTTP errors into `server returned error`', async () => {
    const { exec, store } = labCluster();
    store.create(
      'pods',
      pod({
        name: 'nginx',
        node: 'minikube',
        ip: '192.168.0.90',
        image: 'nginx:1.27',
        containerName: 'nginx',
      }),
    );
    expect(await exec(POD_A, ['wget', '-qO-', 'http://192.168.0.90/missing'])).toEqual({
      stdout: '',
      stderr: 'wget: server returned error: HTTP/1.1 404 Not Found\n',
      exitCode: 1,
    });
  });

  it('prints progress on stderr without -q', async () => {
    const { exec } = labCluster();
    const r = await exec(POD_A, ['wget', '-O', '-', 'lab4-service:3000']);
    const size = Buffer.byteLength(r.stdout);
    expect(r.stderr).toBe(
      `Connecting to lab4-service:3000 (${SERVICE_IP}:3000)\nwriting to stdout\n${progressLine('-', size)}written to stdout\n`,
    );
    expect(progressLine('-', 644)).toBe(
      '-                    100% |********************************|   644  0:00:00 ETA\n',
    );
  });

  it('formats sizes like libbb smart_ulltoa5', () => {
    expect(smartSize5(644)).toBe('  644');
    expect(smartSize5(99999)).toBe('99999');
    expect(smartSize5(100000)).toBe('97.6k');
    expect(smartSize5(5 * 1024 * 1024)).toBe('5120k');
    expect(smartSize5(150 * 1024 * 1024)).toBe(' 150M');
  });
});
