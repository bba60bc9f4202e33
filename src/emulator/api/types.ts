/** Public types of the emulated apiserver (re-exported by server.ts). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ClusterStore } from '../store/types.ts';

export interface ExecRequest {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

export interface ExecResult {
  stdout: string | Buffer;
  stderr: string | Buffer;
  exitCode: number;
}

/** stdin is the full stdin stream (resolves when the client closes it with [255,0] or the socket ends; empty Buffer when stdin=false). */
export type ExecHandler = (req: ExecRequest, stdin: Promise<Buffer>) => Promise<ExecResult>;

/** `kubectl attach` / `kubectl run -i`: the container's main process, as exec's request without a command. */
export type AttachRequest = Omit<ExecRequest, 'command'>;

/**
 * Resolves with the output and exit code of the container's main process once it ends; never
 * resolves for a process that runs on (the attach then stays open until the client leaves).
 */
export type AttachHandler = (req: AttachRequest, stdin: Promise<Buffer>) => Promise<ExecResult>;

export interface PortForwardRequest {
  namespace: string;
  pod: string;
  port: number;
}

/**
 * One forwarded connection to a pod's port: serves `stream` and returns undefined, or returns the
 * kubelet's error message (nothing listens there) without touching the stream.
 */
export type PortForwardHandler = (req: PortForwardRequest, stream: Duplex) => string | undefined;

export type LogHandler = (req: {
  namespace: string;
  pod: string;
  container?: string;
  tailLines?: number;
}) => string | undefined;

export interface ApiServerOptions {
  store: ClusterStore;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  version: { gitVersion: string };
  exec?: ExecHandler;
  attach?: AttachHandler;
  portForward?: PortForwardHandler;
  logs?: LogHandler;
  /** Extra routes (e.g. /__sim/…) tried before the API; return true when handled. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  /** Clock for the AGE column (default: wall clock). Pass the store's clock when it is pinned. */
  now?: () => Date;
}

export interface ApiServerHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** What the request handlers share. */
export interface ApiContext {
  store: ClusterStore;
  now: () => Date;
  /** The cluster's Kubernetes minor version (`v1.31.0` → 31): which APIs it serves. */
  kubeMinor: number;
  exec?: ExecHandler;
  attach?: AttachHandler;
  portForward?: PortForwardHandler;
  logs?: LogHandler;
}
