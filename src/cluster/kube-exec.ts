/**
 * Exec in a pod through client-node's Exec (WebSocket, v5.channel.k8s.io, or v4 on servers below
 * Kubernetes 1.30). The exit code comes from the status channel: Success → 0, NonZeroExitCode →
 * the ExitCode cause's message (docs/reference-facts.md, kube-api-emulation, "kubectl exec"). A
 * timeout terminates the socket and returns what was captured so far, so a slow probe (ping with
 * 100 % loss takes ~12 s) still yields its output.
 *
 * stdin can be closed only over v5: below it client-node ends its input by closing the socket, and
 * the session ends without an exit status while the command still waits for EOF. So stdin is fed
 * only once the server chose v5; otherwise nothing is sent and the result says why. The grader's
 * own execs take no stdin (the pools reach calicoctl as a mounted file).
 */
import { PassThrough, Readable, Writable } from 'node:stream';
import type * as K8s from '@kubernetes/client-node';
import { ExecError, KubeApiError } from './errors.ts';
import { statusFields } from './kube-errors.ts';

export interface ExecOptions {
  /**
   * Text/bytes (stdin then closes), or a stream for input that arrives over time. Needs
   * v5.channel.k8s.io (Kubernetes ≥ 1.30): on an older server nothing is sent and the result has
   * no exit code, with the reason in `failure`.
   */
  stdin?: string | Buffer | Readable;
  timeoutMs: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** null when there is no exit code: timed out, or the session ended in a non-exit failure (`failure`). */
  exitCode: number | null;
  timedOut: boolean;
  /** The status message when the command could not run (e.g. executable not found) or the stream broke. */
  failure?: string;
  durationMs: number;
}

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string | undefined;
  argv: string[];
}

/** Exit code from the channel-3 Status. */
export function exitCodeFromStatus(status: K8s.V1Status): { exitCode: number | null; failure?: string } {
  if (status.status === 'Success') return { exitCode: 0 };
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return { exitCode: code };
  }
  return { exitCode: null, failure: status.message ?? status.reason ?? 'exec failed' };
}

class Collector extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The only exec subprotocol with a stdin-close frame. */
export const STDIN_CLOSE_PROTOCOL = 'v5.channel.k8s.io';

export function stdinUnsupported(protocol: string | undefined): string {
  return (
    `stdin not sent: the API server chose ${protocol || 'no subprotocol'}, and only ${STDIN_CLOSE_PROTOCOL} ` +
    '(Kubernetes ≥ 1.30, TranslateStreamCloseWebsocketRequests) can close stdin; the command would never see EOF'
  );
}

interface SocketLike {
  protocol?: string;
  close(): void;
  terminate?: () => void;
  on(event: 'close', cb: () => void): void;
}

/** A refused WebSocket upgrade names the HTTP status: `Unexpected server response: 404`. */
function openError(t: ExecTarget, e: unknown): Error {
  const message = e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
  const m = /Unexpected server response: (\d+)/.exec(message);
  const where = `${t.namespace}/${t.pod}`;
  if (m) {
    const code = Number(m[1]);
    return new KubeApiError(
      {
        code,
        ...statusFields(code, undefined),
        message,
        verb: 'exec',
        resource: `pods/${t.pod} (${t.namespace})`,
      },
      e,
    );
  }
  return new ExecError(where, t.argv, message, e);
}

export function execInPod(
  k8s: typeof K8s,
  kc: K8s.KubeConfig,
  t: ExecTarget,
  opts: ExecOptions,
): Promise<ExecResult> {
  const stdout = new Collector();
  const stderr = new Collector();
  const source =
    opts.stdin === undefined
      ? null
      : opts.stdin instanceof Readable
        ? opts.stdin
        : Readable.from([Buffer.from(opts.stdin)]);
  // Fed from `source` once the server's subprotocol is known (stdin needs v5).
  const stdin = source ? new PassThrough() : null;
  const started = Date.now();

  return new Promise<ExecResult>((resolve, reject) => {
    let socket: SocketLike | undefined;
    let finished = false;
    const finish = (r: Omit<ExecResult, 'stdout' | 'stderr' | 'durationMs'>) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolve({ stdout: stdout.text(), stderr: stderr.text(), durationMs: Date.now() - started, ...r });
    };
    const timer = setTimeout(() => {
      if (finished) return;
      if (!socket) {
        finished = true;
        reject(new ExecError(`${t.namespace}/${t.pod}`, t.argv, `no session within ${opts.timeoutMs}ms`));
        return;
      }
      finish({ exitCode: null, timedOut: true });
      (socket.terminate ?? socket.close).call(socket);
    }, opts.timeoutMs);

    new k8s.Exec(kc)
      .exec(t.namespace, t.pod, t.container ?? '', t.argv, stdout, stderr, stdin, false, (status) =>
        finish({ ...exitCodeFromStatus(status), timedOut: false }),
      )
      .then(
        (ws) => {
          socket = ws as unknown as SocketLike;
          if (finished) {
            socket.close();
            return;
          }
          socket.on('close', () =>
            finish({ exitCode: null, timedOut: false, failure: 'connection closed without an exit status' }),
          );
          if (!source || !stdin) return;
          if (socket.protocol === STDIN_CLOSE_PROTOCOL) {
            source.pipe(stdin);
            return;
          }
          finish({ exitCode: null, timedOut: false, failure: stdinUnsupported(socket.protocol) });
          (socket.terminate ?? socket.close).call(socket);
        },
        (e) => {
          if (finished) return;
          finished = true;
          clearTimeout(timer);
          reject(openError(t, e));
        },
      );
  });
}
