/**
 * Assembles the emulated pod network: CoreDNS, ICMP paths, kube-proxy Service routing and the
 * programs listening in pods. All state it keeps is derived (start times, affinity pins, PRNGs).
 */

import { HOST_GATEWAY_IP } from '../../minikube/network.ts';
import { PodApps } from '../app/pod-apps.ts';
import { ContainerStartTracker } from '../app/timing.ts';
import type { SimOptions } from '../config.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { isIPv4, isLoopback } from './addresses.ts';
import { ServiceBalancer } from './balancer.ts';
import {
  dnsServiceIp,
  isHostNetwork,
  nodeByIp,
  podByIp,
  podIp,
  podOfEndpoint,
  readyEndpoints,
  serviceByClusterIp,
  targetPortFor,
} from './cluster-view.ts';
import { createDnsServer, type DnsServer } from './dns.ts';
import { echoPath } from './icmp.ts';
import { derivedPrng } from './prng.ts';
import { resolvConfFor, resolveLikeMusl } from './resolv.ts';
import type { ClusterNetwork, ConnectOutcome, HttpOutcome, NetSource } from './types.ts';
import { parseHttpUrl } from './url.ts';

/** Anything with `now()` in ms or as a Date (SimClock). */
export interface ClockLike {
  now(): number | Date;
}

export interface ClusterNetworkDeps {
  clock?: ClockLike;
}

/** Docker's embedded DNS as the minikube node reaches it: knows only host.minikube.internal here. */
const NODE_DNS: DnsServer = {
  query(name, type) {
    const n = name.toLowerCase().replace(/\.$/, '');
    if (n === 'host.minikube.internal' && type === 'A')
      return {
        rcode: 'NOERROR',
        authoritative: false,
        answers: [{ name: n, type: 'A', value: HOST_GATEWAY_IP }],
      };
    return { rcode: 'NXDOMAIN', authoritative: false, answers: [] };
  },
};

interface ServicePortSpec {
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
  name?: string;
}

export function createClusterNetwork(
  store: ClusterStore,
  options: SimOptions,
  deps: ClusterNetworkDeps = {},
): ClusterNetwork {
  const now = (): number => {
    const t = deps.clock?.now();
    return t === undefined ? Date.now() : typeof t === 'number' ? t : t.getTime();
  };
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const streams = new Map<string, () => number>();
  const random = (purpose: string) => {
    let s = streams.get(purpose);
    if (!s) {
      s = derivedPrng(seed, purpose);
      streams.set(purpose, s);
    }
    return s;
  };
  const tracker = new ContainerStartTracker(store, now);
  const apps = new PodApps({ store, options, now, tracker });
  const dns = createDnsServer(store);
  const balancer = new ServiceBalancer(random('lb'), now);

  const dnsAt = (ip: string): DnsServer | undefined => {
    if (ip === dnsServiceIp(store)) return options.faults.dnsBroken ? undefined : dns;
    if (ip === HOST_GATEWAY_IP) return NODE_DNS;
    return undefined;
  };

  const clientIp = (source: NetSource): string =>
    source.kind === 'pod' ? (podIp(source.pod) ?? '') : (source.ip ?? '127.0.0.1');

  /** DNAT through a Service port: pick a backend for this new connection. */
  const viaService = (source: NetSource, svc: KubeObject, sp: ServicePortSpec): ConnectOutcome => {
    const backends = readyEndpoints(store, svc);
    const chosen = balancer.choose(svc, sp.port, backends, clientIp(source));
    if (!chosen) return { kind: 'refused' }; // kube-proxy REJECTs Services without endpoints
    const pod = podOfEndpoint(store, chosen);
    const target = targetPortFor(sp, pod);
    if (!pod || target === undefined) return { kind: 'refused' };
    const responder = apps.listener(pod, target);
    if (!responder) return { kind: 'refused' };
    return { kind: 'connected', pod, podIp: chosen.ip, port: target, responder, service: svc };
  };

  const direct = (pod: KubeObject, ip: string, port: number): ConnectOutcome => {
    const responder = apps.listener(pod, port);
    return responder ? { kind: 'connected', pod, podIp: ip, port, responder } : { kind: 'refused' };
  };

  const connect = (source: NetSource, ip: string, port: number): ConnectOutcome => {
    if (!isIPv4(ip)) return { kind: 'timeout' };
    const fromPod = source.kind === 'pod' ? source.pod : undefined;
    if (fromPod && (isLoopback(ip) || ip === podIp(fromPod)) && !isHostNetwork(fromPod)) {
      return direct(fromPod, podIp(fromPod) ?? ip, port);
    }
    const node = nodeByIp(store, ip);
    if (node) {
      const svc = store
        .list('services')
        .find((s) => (s.spec?.ports ?? []).some((p: ServicePortSpec) => p.nodePort === port));
      if (svc && (svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer')) {
        const sp = (svc.spec.ports as ServicePortSpec[]).find((p) => p.nodePort === port) as ServicePortSpec;
        return viaService(source, svc, sp);
      }
      // Host-network pods (calicoctl) listen on nothing we emulate; the node's own daemons refuse plain HTTP.
      return { kind: 'refused' };
    }
    if (source.kind === 'host') return { kind: 'timeout' }; // pod and Service IPs are not routed to the host
    const svc = serviceByClusterIp(store, ip);
    if (svc) {
      const sp = (svc.spec?.ports ?? []).find(
        (p: ServicePortSpec) => p.port === port && (p.protocol ?? 'TCP') === 'TCP',
      );
      return sp ? viaService(source, svc, sp) : { kind: 'timeout' };
    }
    const pod = podByIp(store, ip);
    if (pod && !isHostNetwork(pod)) return direct(pod, ip, port);
    return { kind: 'timeout' };
  };

  const network: ClusterNetwork = {
    store,
    options,
    apps,
    dns,
    now,
    random,
    dnsServiceIp: () => dnsServiceIp(store),
    resolvConf: (pod) => resolvConfFor(pod, dnsServiceIp(store)),
    dnsAt,
    resolve: (name, pod) => resolveLikeMusl(name, pod, resolvConfFor(pod, dnsServiceIp(store)), dnsAt),
    echo: (from, ip) => echoPath(store, options, from, ip),
    connect,
    connectToService(source, svc, port) {
      const sp = (svc.spec?.ports ?? []).find((p: ServicePortSpec) => p.port === port);
      return sp ? viaService(source, svc, sp) : { kind: 'refused' };
    },
    httpGet(source, url, req = {}): HttpOutcome {
      const parsed = parseHttpUrl(url);
      if (!parsed) return { kind: 'bad-url', url };
      let ip: string;
      if (isIPv4(parsed.host)) ip = parsed.host;
      else if (source.kind === 'pod') {
        const r = network.resolve(parsed.host, source.pod);
        if (r.kind !== 'ok') return { kind: 'bad-address', host: parsed.host };
        ip = r.ips[0];
      } else if (parsed.host === 'localhost') ip = '127.0.0.1';
      else return { kind: 'bad-address', host: parsed.host };
      const conn = connect(source, ip, parsed.port);
      if (conn.kind === 'refused') return { kind: 'refused', ip, port: parsed.port };
      if (conn.kind === 'timeout') return { kind: 'timeout', ip, port: parsed.port };
      const response = conn.responder({
        method: req.method ?? 'GET',
        path: req.path ?? parsed.path,
        headers: { host: `${parsed.host}:${parsed.port}`, ...(req.headers ?? {}) },
      });
      return { kind: 'response', response, pod: conn.pod, ip, port: parsed.port };
    },
    close() {
      tracker.close();
    },
  };
  return network;
}
