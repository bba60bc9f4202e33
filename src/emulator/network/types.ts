/** The emulated pod network as exec commands, the service proxy and logs see it. */

import type { HttpRequestLike, HttpResponseLike, Responder } from '../app/http-types.ts';
import type { PodApps } from '../app/pod-apps.ts';
import type { SimOptions } from '../config.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';
import type { DnsServer } from './dns.ts';
import type { EchoPath } from './icmp.ts';
import type { Resolution, ResolvConf } from './resolv.ts';

/** Who opens a connection: a pod (its IP is the client IP) or the machine running minikube. */
export type NetSource = { kind: 'pod'; pod: KubeObject } | { kind: 'host'; ip?: string };

export type ConnectOutcome =
  | {
      kind: 'connected';
      pod: KubeObject;
      podIp: string;
      port: number;
      responder: Responder;
      /** The Service that load-balanced the connection, if any. */
      service?: KubeObject;
    }
  /** RST: nothing listens (app still building), or a Service without ready endpoints. */
  | { kind: 'refused' }
  /** SYNs vanish: unknown address, a ClusterIP port the Service does not define. */
  | { kind: 'timeout' };

export type HttpOutcome =
  | { kind: 'response'; response: HttpResponseLike; pod: KubeObject; ip: string; port: number }
  | { kind: 'bad-url'; url: string }
  | { kind: 'bad-address'; host: string }
  | { kind: 'refused'; ip: string; port: number }
  | { kind: 'timeout'; ip: string; port: number };

export interface ParsedUrl {
  host: string;
  port: number;
  path: string;
}

export interface ClusterNetwork {
  readonly store: ClusterStore;
  readonly options: SimOptions;
  readonly apps: PodApps;
  /** CoreDNS (kube-dns). */
  readonly dns: DnsServer;
  now(): number;
  /** A persistent seeded random stream per purpose ('ping', 'lb', ...). */
  random(purpose: string): () => number;
  dnsServiceIp(): string;
  resolvConf(pod: KubeObject): ResolvConf;
  /** The DNS server at `ip` as a pod reaches it; undefined when nothing answers (dnsBroken, wrong IP). */
  dnsAt(ip: string): DnsServer | undefined;
  /** getaddrinfo in the pod (musl: /etc/hosts, then DNS with the search list). */
  resolve(name: string, pod: KubeObject): Resolution;
  /** ICMP echo from a pod to an IP. */
  echo(from: KubeObject, ip: string): EchoPath;
  /** A NEW TCP connection: Service IPs and NodePorts pick a backend here, once per connection. */
  connect(source: NetSource, ip: string, port: number): ConnectOutcome;
  /** A NEW connection to a Service port as kube-proxy handles it for NodePort/proxy traffic. */
  connectToService(source: NetSource, svc: KubeObject, port: number): ConnectOutcome;
  /** One HTTP request on a fresh connection (wget in a pod). */
  httpGet(source: NetSource, url: string, req?: Partial<HttpRequestLike>): HttpOutcome;
  close(): void;
}
