import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_FAULTS, type SimOptions } from './config.ts';
import { parseDaemonArgs, runDaemon } from './daemon.ts';

describe('parseDaemonArgs', () => {
  it('accepts both --flag value and --flag=value', () => {
    expect(parseDaemonArgs(['--profile', 'lab', '--state=/tmp/x', '--port', '8080'])).toEqual({
      profile: 'lab',
      stateDir: '/tmp/x',
      port: 8080,
    });
  });

  it.each([
    [['--profile', 'lab'], 'usage'],
    [['--state', '/x', '--profile'], '--profile needs a value'],
    [['--profile=a', '--state=/x', '--port=http'], "invalid --port 'http'"],
    [['--profile=a', '--state=/x', 'extra'], "unexpected argument 'extra'"],
  ])('%j is rejected', (argv, message) => {
    expect(() => parseDaemonArgs(argv)).toThrow(message);
  });
});

describe('runDaemon', () => {
  let dir: string;
  const options: SimOptions = {
    profile: 'daemon-test',
    nodes: 1,
    containerRuntime: 'docker',
    kubernetesVersion: 'v1.31.0',
    calicoVersion: 'v3.28.1',
    minikubeVersion: 'v1.34.0',
    timeFactor: 0,
    faults: NO_FAULTS,
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mk-daemon-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a state dir of another profile', async () => {
    const other = path.join(dir, 'other');
    await rm(other, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(other));
    await writeFile(path.join(other, 'sim-options.json'), JSON.stringify(options));
    await expect(runDaemon({ profile: 'someone-else', stateDir: other })).rejects.toThrow(
      'belongs to profile',
    );
  });

  it('writes daemon.json, serves the API, and stops when its state dir disappears', async () => {
    const state = path.join(dir, 'state');
    await import('node:fs/promises').then((fs) => fs.mkdir(state));
    await writeFile(path.join(state, 'sim-options.json'), JSON.stringify(options));
    const daemon = await runDaemon({ profile: 'daemon-test', stateDir: state });
    const info = JSON.parse(await readFile(path.join(state, 'daemon.json'), 'utf8'));
    expect(info).toEqual({ pid: process.pid, url: daemon.url, port: daemon.port });
    const status = await (await fetch(new URL('/__sim/status', daemon.url))).json();
    expect(status).toMatchObject({ profile: 'daemon-test', apiServer: 'Running' });

    await rm(state, { recursive: true, force: true });
    await daemon.done;
    await expect(fetch(new URL('/version', daemon.url))).rejects.toThrow();
  });

  it('removes daemon.json on shutdown', async () => {
    const state = path.join(dir, 'state2');
    await import('node:fs/promises').then((fs) => fs.mkdir(state));
    await writeFile(path.join(state, 'sim-options.json'), JSON.stringify(options));
    const daemon = await runDaemon({ profile: 'daemon-test', stateDir: state });
    await daemon.shutdown('test');
    await daemon.done;
    await expect(readFile(path.join(state, 'daemon.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
