import type { DnsProbe, LbSample, PageProbe, PingProbe } from '../../evidence/schema.ts';
import { podFqdn } from '../../probes/names.ts';
import { APP_FIELDS, parseAppBundle, parseAppPage } from '../../probes/parse/app.ts';
import { nslookupFrom } from '../../probes/run/dns.ts';
import { sampleServiceFromHost, sampleServiceInCluster } from '../../probes/run/http-spread.ts';
import { pingFrom } from '../../probes/run/ping.ts';
import { evenSplitPValue } from '../../probes/stats.ts';
import { type LiveState, requireKube } from '../state.ts';

/** App pods that have an IP, in node order. */
function appPods(s: LiveState) {
  return s.ev.pods.filter((p) => p.ip && p.phase === 'Running');
}

/**
 * The `lb` step: requests through the Service, each on a new TCP connection, identifying the serving
 * pod by the name in the page's bundle. From the host through `minikube service --url` for a
 * NodePort/LoadBalancer Service; from inside the cluster (busybox wget in a pod) otherwise.
 */
export async function lbStep(s: LiveState): Promise<string> {
  const svc = s.ev.service;
  if (!svc) throw new Error('no Service on the cluster to send requests through');
  const samples = s.rubric.expect.lbSamples;
  let method: 'host' | 'in-cluster' = 'in-cluster';
  let url: string | undefined;
  let results: LbSample[];
  if (s.minikube && (svc.type === 'NodePort' || svc.type === 'LoadBalancer')) {
    method = 'host';
    const handle = await s.minikube.serviceUrls(s.config.profile, svc.namespace, svc.name, {
      timeoutMs: s.timeouts.probe,
    });
    try {
      url = handle.urls[0];
      if (!url) throw new Error(`minikube service ${svc.name} --url printed no URL`);
      results = (await sampleServiceFromHost(url, { samples, timeoutMs: s.timeouts.probe })).map(toLbSample);
    } finally {
      // A tunnel (docker driver on macOS/Windows/WSL) stops only on SIGINT: close() sends it and
      // waits for the exit, so no ssh child outlives the step (docs/reference-facts.md, minikube §3).
      await handle.close();
    }
  } else {
    const from = appPods(s)[0];
    if (!from) throw new Error('no running app pod to send in-cluster requests from');
    const port = svc.ports[0]?.port ?? s.rubric.expect.appPort;
    url = `http://${svc.name}.${svc.namespace}.svc.cluster.local:${port}/`;
    results = (
      await sampleServiceInCluster(
        requireKube(s),
        { namespace: from.namespace, name: from.name },
        url,
        samples,
        { timeoutMs: s.timeouts.probe },
      )
    ).map(toLbSample);
  }
  const counts: Record<string, number> = {};
  for (const r of results) if (r.ok && r.pod) counts[r.pod] = (counts[r.pod] ?? 0) + 1;
  const values = Object.values(counts);
  const pods = s.ev.pods.length;
  const padded = [...values, ...Array(Math.max(0, pods - values.length)).fill(0)];
  s.ev.probes.lb = {
    method,
    ...(url ? { url } : {}),
    samples: results,
    counts,
    ...(padded.length > 1 ? { pValue: evenSplitPValue(padded) } : {}),
  };
  return `${results.filter((r) => r.ok).length}/${results.length} answered (${method}): ${Object.entries(
    counts,
  )
    .map(([p, n]) => `${p} ${n}`)
    .join(', ')}`;
}

// biome-ignore lint/suspicious/noExplicitAny: the sampler's record is mapped field by field.
function toLbSample(r: any): LbSample {
  return {
    ok: r.ok === true,
    ...(r.pod ? { pod: r.pod } : {}),
    ...(r.ip ? { ip: r.ip } : {}),
    ...(r.error ? { error: String(r.error) } : {}),
  };
}

/** The `page` step: index.html and the bundle it names, fetched from each pod itself. */
export async function pageStep(s: LiveState): Promise<string> {
  const kube = requireKube(s);
  const out: PageProbe[] = [];
  for (const p of appPods(s)) {
    const base = `http://${p.ip}:${s.rubric.expect.appPort}`;
    const index = await kube.exec(p.namespace, p.name, undefined, ['wget', '-qO-', '-T', '5', `${base}/`], {
      timeoutMs: s.timeouts.probe,
    });
    const bundlePath = index.exitCode === 0 ? parseAppPage(index.stdout) : null;
    if (!bundlePath) {
      out.push({
        pod: p.name,
        error:
          index.exitCode === 0
            ? 'index.html names no /static/js/main.*.js bundle'
            : (index.stderr || index.stdout).trim(),
      });
      continue;
    }
    const bundle = await kube.exec(
      p.namespace,
      p.name,
      undefined,
      ['wget', '-qO-', '-T', '5', `${base}${bundlePath}`],
      { timeoutMs: s.timeouts.probe },
    );
    if (bundle.exitCode !== 0) {
      out.push({ pod: p.name, bundlePath, error: (bundle.stderr || bundle.stdout).trim() });
      continue;
    }
    const v = parseAppBundle(bundle.stdout);
    const placeholders = APP_FIELDS.filter((f) => v.placeholders?.[f]);
    out.push({
      pod: p.name,
      bundlePath,
      ...(v.username !== undefined ? { username: v.username } : {}),
      ...(v.company !== undefined ? { company: v.company } : {}),
      ...(v.containerName !== undefined ? { containerName: v.containerName } : {}),
      ...(v.containerIp !== undefined ? { containerIp: v.containerIp } : {}),
      ...(placeholders.length ? { placeholders } : {}),
    });
  }
  s.ev.probes.page = out;
  return out
    .map((p) => (p.error ? `${p.pod}: ${p.error}` : `${p.pod} shows ${p.containerName}/${p.containerIp}`))
    .join('; ');
}

/** The `ping` step: from each pod to every other pod, by IP and by pod FQDN. */
export async function pingStep(s: LiveState): Promise<string> {
  const kube = requireKube(s);
  const pods = appPods(s);
  if (pods.length < 2) throw new Error(`need two running pods to ping between, have ${pods.length}`);
  const out: PingProbe[] = [];
  for (const from of pods)
    for (const to of pods) {
      if (from === to) continue;
      for (const [kind, target] of [
        ['ip', to.ip as string],
        ['fqdn', podFqdn(to.ip as string, to.namespace)],
      ] as const) {
        const r = await pingFrom(kube, { namespace: from.namespace, name: from.name }, target, 3, {
          timeoutMs: s.timeouts.probe,
        });
        const parsed = r.parsed;
        out.push({
          from: from.name,
          to: to.name,
          target,
          kind,
          transmitted: parsed?.transmitted ?? 0,
          received: parsed?.received ?? 0,
          lossPct: parsed?.lossPct ?? 100,
          ...(parsed?.ip ? { resolvedIp: parsed.ip } : {}),
          ...(parsed?.rtt ? { rtt: parsed.rtt } : {}),
          exitCode: r.exitCode ?? -1,
          output: r.output,
        });
      }
    }
  s.ev.probes.ping = out;
  return out.map((p) => `${p.from}→${p.target} ${p.lossPct}% loss`).join(', ');
}

/** The `dns` step: the Service's FQDN resolves to its ClusterIP from inside a pod. */
export async function dnsStep(s: LiveState): Promise<string> {
  const svc = s.ev.service;
  if (!svc) throw new Error('no Service on the cluster to resolve');
  const from = appPods(s)[0];
  if (!from) throw new Error('no running app pod to run nslookup in');
  const name = `${svc.name}.${svc.namespace}.svc.cluster.local`;
  const r = await nslookupFrom(requireKube(s), { namespace: from.namespace, name: from.name }, name, {
    timeoutMs: s.timeouts.probe,
  });
  const parsed = r.parsed;
  const probe: DnsProbe = {
    from: from.name,
    name,
    resolved: parsed.answers.map((a) => a.address).filter((a): a is string => !!a),
    expected: svc.clusterIP,
    exitCode: r.exitCode ?? -1,
    output: r.output,
  };
  s.ev.probes.dns = [probe];
  return `${name} → ${probe.resolved.join(', ') || 'nothing'} (ClusterIP ${svc.clusterIP})`;
}
