/**
 * `kubectl exec` / client-node `Exec` over WebSocket (docs/reference-facts.md, kube-api-emulation, "kubectl exec"):
 * subprotocols v5/v4/v3/v2/channel.k8s.io — v5 only from Kubernetes 1.30 (execProtocols); binary
 * frames `[channel][payload]` (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize, 255 close). stdin
 * ends only with v5's `[255,0]`: below v5 there is no way to close it, so a command reading stdin
 * never sees EOF and a client that closes the socket gets no exit status. The answer is an empty
 * stdout frame at start, then stdout, stderr, the status and a 1000 close.
 * Errors found before the upgrade are plain HTTP answers, as from the apiserver or the kubelet.
 */
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { compareVersions } from '../../minikube/versions.ts';
import { ApiError, apiErrors } from '../store/errors.ts';
import type { KubeObject } from '../store/types.ts';
import { resolveContainer } from './logs.ts';
import { createPortForwardUpgrader } from './portforward-ws.ts';
import { parseRoute } from './routes.ts';
import { pathNotFound, toApiError } from './status.ts';
import type { ApiContext, AttachRequest, ExecRequest, ExecResult } from './types.ts';

const V5 = 'v5.channel.k8s.io';
const V4 = 'v4.channel.k8s.io';
const OLDER = ['v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

/**
 * The exec subprotocols an API server of `gitVersion` accepts, best first. v5 (the stdin-close frame)
 * needs the TranslateStreamCloseWebsocketRequests feature gate: alpha (off) in 1.29, beta and on by
 * default from 1.30 (docs/reference-facts.md, kube-api-emulation, "kubectl exec"). An unparsable
 * version is taken as current.
 */
export function execProtocols(gitVersion: string): string[] {
  const old = compareVersions(gitVersion, 'v1.30.0') < 0;
  return old ? [V4, ...OLDER] : [V5, V4, ...OLDER];
}

/**
 * The subprotocol for a client's offer. kubectl ≥ 1.30 offers v5 alone and, refused by an older
 * server, falls back to SPDY, where stdin closes too (kubectl's FallbackExecutor). The emulator speaks
 * SPDY for port-forward only (spdy.ts), not for exec, so it serves that offer over v5, as the fallback
 * would behave; a client offering v4 as well (client-node) gets the server's best, v4, and its trap.
 */
export function chooseProtocol(protocols: readonly string[], offered: Set<string>): string | false {
  const best = protocols.find((p) => offered.has(p));
  if (best) return best;
  return offered.size === 1 && offered.has(V5) ? V5 : false;
}

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const CLOSE = 255;

function rejectUpgrade(socket: Duplex, code: number, body: string, contentType: string): void {
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** An error the kubelet reports as plain text (kubectl: `unable to upgrade connection: …`). */
class KubeletError extends Error {}

function flag(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const v = query.get(name);
  if (v === null) return fallback;
  return v === 'true' || v === '1';
}

/** Validates an exec request against the pod as the apiserver and the kubelet would. */
function checkExecTarget(pod: KubeObject, req: ExecRequest): void {
  if (req.command.length === 0)
    throw apiErrors.badRequest('you must specify at least one command for the container');
  if (!pod.spec?.nodeName)
    throw apiErrors.badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed')
    throw apiErrors.badRequest(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const status = (
    (pod.status?.containerStatuses ?? []) as { name: string; state?: { running?: unknown } }[]
  ).find((c) => c.name === req.container);
  const running = status ? status.state?.running !== undefined : phase === 'Running';
  if (!running) throw new KubeletError(`container not found ("${req.container}")`);
}

/**
 * Attach needs the container's process running: a finished one is gone from the runtime, and the
 * kubelet answers `container NAME not found in pod POD_NS` (what kubectl run prints before falling
 * back to logs: "warning: couldn't attach to pod/NAME, falling back to streaming logs: unable to
 * upgrade connection: container NAME not found in pod NAME_default").
 */
function checkAttachTarget(pod: KubeObject, req: AttachRequest): void {
  if (!pod.spec?.nodeName)
    throw apiErrors.badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  const status = (
    (pod.status?.containerStatuses ?? []) as { name: string; state?: { running?: unknown } }[]
  ).find((c) => c.name === req.container);
  if (status?.state?.running === undefined)
    throw new KubeletError(
      `container ${req.container} not found in pod ${pod.metadata.name}_${pod.metadata.namespace ?? 'default'}`,
    );
}

function statusFor(result: ExecResult): Record<string, unknown> {
  if (result.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command, exit code ${result.exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(result.exitCode) }] },
  };
}

function frame(channel: number, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([Buffer.from([channel]), body]);
}

function runSession(
  ws: WebSocket,
  req: { stdin: boolean; tty: boolean },
  wants: { stdout: boolean; stderr: boolean },
  start: (stdin: Promise<Buffer>) => Promise<ExecResult>,
) {
  const v5 = ws.protocol === V5;
  const v4plus = v5 || ws.protocol === V4;
  const chunks: Buffer[] = [];
  let endStdin: () => void = () => {};
  const stdin = new Promise<Buffer>((resolve) => {
    endStdin = () => resolve(Buffer.concat(chunks));
  });
  if (!req.stdin) endStdin();
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary || data.length === 0) return;
    if (data[0] === STDIN) chunks.push(Buffer.from(data.subarray(1)));
    else if (v5 && data[0] === CLOSE && data[1] === STDIN) endStdin();
  });
  // Below v5 nothing closes stdin: a client that ends its input by closing the socket (client-node
  // does) leaves the command waiting, and gets no status. v5 ends it with the socket too.
  if (v5) {
    ws.on('close', () => endStdin());
    ws.on('error', () => endStdin());
  }

  const send = (channel: number, payload: string | Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(frame(channel, payload), { binary: true });
  };
  // Like the kubelet: an empty frame on the lowest writable channel says the stream is up.
  if (wants.stdout) send(STDOUT, '');
  else if (wants.stderr) send(STDERR, '');

  Promise.resolve()
    .then(() => start(stdin))
    .then((result) => {
      if (wants.stdout && result.stdout.length) send(STDOUT, result.stdout);
      if (result.stderr.length) {
        if (req.tty && wants.stdout) send(STDOUT, result.stderr);
        else if (wants.stderr) send(STDERR, result.stderr);
      }
      if (v4plus) send(STATUS, JSON.stringify(statusFor(result)));
      else if (result.exitCode !== 0)
        send(STATUS, `command terminated with non-zero exit code: ${result.exitCode}`);
    })
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (v4plus)
        send(
          STATUS,
          JSON.stringify({
            metadata: {},
            status: 'Failure',
            message,
            reason: 'InternalError',
            details: { causes: [{ message }] },
          }),
        );
      else send(STATUS, message);
    })
    .finally(() => {
      if (ws.readyState === ws.OPEN) ws.close(1000);
    });
}

/** Returns the server's `upgrade` listener (exec, attach, portforward). `track` registers sockets so close() can end them. */
export function createExecUpgradeHandler(
  ctx: ApiContext,
  track: (socket: Duplex) => void,
  kubernetesVersion: string,
) {
  const protocols = execProtocols(kubernetesVersion);
  const portForward = createPortForwardUpgrader(ctx);
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered: Set<string>) => chooseProtocol(protocols, offered),
  });
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    track(socket);
    socket.on('error', () => socket.destroy());
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = parseRoute(url.pathname);
      const sub = route.type === 'resource' ? route.subresource : undefined;
      if (
        route.type !== 'resource' ||
        route.rt.kind !== 'Pod' ||
        route.rt.group !== '' ||
        (sub !== 'exec' && sub !== 'attach' && sub !== 'portforward')
      )
        throw pathNotFound();
      const name = route.name as string;
      const pod = ctx.store.get('pods', route.namespace, name);
      if (!pod) throw apiErrors.notFound('', 'pods', name);
      const q = url.searchParams;
      if (sub === 'portforward') {
        if (!pod.spec?.nodeName) throw apiErrors.badRequest(`pod ${name} does not have a host assigned`);
        portForward(req, socket, head, { namespace: route.namespace as string, pod: name }, q);
        return;
      }
      if (sub === 'attach') {
        const attachReq: AttachRequest = {
          namespace: route.namespace as string,
          pod: name,
          container: resolveContainer(pod, q.get('container')),
          stdin: flag(q, 'stdin', false),
          tty: flag(q, 'tty', false),
        };
        checkAttachTarget(pod, attachReq);
        if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket')
          throw apiErrors.badRequest('the emulated apiserver supports attach over WebSocket only (no SPDY)');
        const attach = ctx.attach;
        const wants = { stdout: flag(q, 'stdout', true), stderr: flag(q, 'stderr', true) };
        wss.handleUpgrade(req, socket, head, (ws) =>
          runSession(ws, attachReq, wants, (stdin) =>
            attach
              ? // The kubelet's ServeAttach reports Success when the attach ends, whatever the exit
                // code: kubectl reads that from the pod (remotecommand/attach.go in
                // pkg/kubelet/cri/streaming/remotecommand).
                attach(attachReq, stdin).then((r) => ({ ...r, exitCode: 0 }))
              : Promise.reject(new Error('attach is not supported by this emulated apiserver')),
          ),
        );
        return;
      }
      const execReq: ExecRequest = {
        namespace: route.namespace as string,
        pod: name,
        container: resolveContainer(pod, q.get('container')),
        command: q.getAll('command'),
        stdin: flag(q, 'stdin', false),
        tty: flag(q, 'tty', false),
      };
      checkExecTarget(pod, execReq);
      if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket')
        throw apiErrors.badRequest('the emulated apiserver supports exec over WebSocket only (no SPDY)');
      const wants = { stdout: flag(q, 'stdout', true), stderr: flag(q, 'stderr', true) };
      const exec = ctx.exec;
      wss.handleUpgrade(req, socket, head, (ws) =>
        runSession(ws, execReq, wants, (stdin) =>
          exec
            ? exec(execReq, stdin)
            : Promise.reject(new Error('exec is not supported by this emulated apiserver')),
        ),
      );
    } catch (err) {
      if (err instanceof KubeletError) {
        rejectUpgrade(socket, 500, err.message, 'text/plain; charset=utf-8');
        return;
      }
      const e = err instanceof ApiError ? err : toApiError(err);
      rejectUpgrade(socket, e.code, JSON.stringify(e.toStatus()), 'application/json');
    }
  };
}
