/**
 * Exec subprotocols by Kubernetes version: v5.channel.k8s.io (the stdin-close frame) needs the
 * TranslateStreamCloseWebsocketRequests feature gate, alpha (off) in 1.29 and on by default from 1.30
 * (https://github.com/kubernetes/website/blob/main/content/en/docs/reference/command-line-tools-reference/feature-gates/TranslateStreamCloseWebsocketRequests.md;
 * docs/reference-facts.md, kube-api-emulation, "kubectl exec"). Below v5 client-node ends stdin by
 * closing the socket (client-node 1.4 web-socket-handler.js handleStandardInput), so the command
 * never sees EOF and no status comes back.
 */
import { PassThrough, Readable } from 'node:stream';
import { Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../store/memory-store.ts';
import { echoExec, kubeconfigYaml, seedCluster } from '../test-support/api-server.ts';
import { chooseProtocol, execProtocols } from './exec-ws.ts';
import { startApiServer } from './server.ts';
import type { ApiServerHandle, ExecHandler } from './types.ts';

describe('execProtocols', () => {
  it('offers v5 from Kubernetes 1.30 only', () => {
    expect(execProtocols('v1.28.0')[0]).toBe('v4.channel.k8s.io');
    expect(execProtocols('v1.29.7')).not.toContain('v5.channel.k8s.io');
    expect(execProtocols('v1.30.0')[0]).toBe('v5.channel.k8s.io');
    expect(execProtocols('v1.31.0')).toContain('v4.channel.k8s.io');
  });

  it("serves kubectl's v5-only offer below 1.30 as its SPDY fallback would (the emulator has no SPDY)", () => {
    const old = execProtocols('v1.29.0');
    expect(chooseProtocol(old, new Set(['v5.channel.k8s.io']))).toBe('v5.channel.k8s.io');
    expect(chooseProtocol(old, new Set(['v5.channel.k8s.io', 'v4.channel.k8s.io']))).toBe(
      'v4.channel.k8s.io',
    );
    expect(chooseProtocol(old, new Set(['base64.channel.k8s.io']))).toBe(false);
  });

  it('includes v5 exactly when the version is 1.30 or later (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 60 }), (major, minor) => {
        const v5 = execProtocols(`v${major}.${minor}.0`).includes('v5.channel.k8s.io');
        expect(v5).toBe(major > 1 || (major === 1 && minor >= 30));
      }),
    );
  });
});

interface Session {
  protocol: string;
  status?: V1Status;
  closedWithoutStatus: boolean;
  stdout: string;
}

function execSession(kc: KubeConfig, command: string[], stdin?: string): Promise<Session> {
  const stdout = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (c) => out.push(c));
  return new Promise<Session>((resolve, reject) => {
    let status: V1Status | undefined;
    new Exec(kc)
      .exec(
        'default',
        'web-1',
        'web',
        command,
        stdout,
        null,
        stdin === undefined ? null : Readable.from([stdin]),
        false,
        (s) => {
          status = s;
        },
      )
      .then((ws) => {
        ws.on('close', () =>
          resolve({
            protocol: ws.protocol,
            ...(status ? { status } : {}),
            closedWithoutStatus: status === undefined,
            stdout: Buffer.concat(out).toString(),
          }),
        );
      }, reject);
  });
}

describe.each([
  ['v1.28.0', 'v4.channel.k8s.io'],
  ['v1.29.0', 'v4.channel.k8s.io'],
  ['v1.30.0', 'v5.channel.k8s.io'],
])('exec on an API server of Kubernetes %s', (version, protocol) => {
  let server: ApiServerHandle;
  let kc: KubeConfig;
  let stdinEnded = false;
  const exec: ExecHandler = async (req, stdin) => {
    if (req.command[0] === 'cat') {
      const r = await stdin;
      stdinEnded = true;
      return { stdout: r, stderr: '', exitCode: 0 };
    }
    return echoExec(req, stdin);
  };

  beforeAll(async () => {
    const store = createStore();
    seedCluster(store);
    server = await startApiServer({ store, version: { gitVersion: version }, exec });
    kc = new KubeConfig();
    kc.loadFromString(kubeconfigYaml(server.url));
  });
  afterAll(() => server.close());

  it(`negotiates ${protocol} with client-node, and a command without stdin gets its status`, async () => {
    const r = await execSession(kc, ['echo', 'hi']);
    expect(r.protocol).toBe(protocol);
    expect(r.status?.status).toBe('Success');
    expect(r.stdout).toBe('hi\n');
  });

  it(
    protocol === 'v5.channel.k8s.io'
      ? 'closes stdin with [255,0]: cat ends and reports Success'
      : 'has no way to close stdin: cat never sees EOF and the session ends without a status',
    async () => {
      stdinEnded = false;
      const r = await execSession(kc, ['cat'], 'pools\n');
      if (protocol === 'v5.channel.k8s.io') {
        expect(r).toMatchObject({ closedWithoutStatus: false, stdout: 'pools\n' });
        expect(stdinEnded).toBe(true);
      } else {
        expect(r).toMatchObject({ closedWithoutStatus: true, stdout: '' });
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(stdinEnded).toBe(false);
      }
    },
  );
});
