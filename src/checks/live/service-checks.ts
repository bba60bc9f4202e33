import type { PageField } from '../../evidence/schema.ts';
import { STEP } from '../../evidence/schema.ts';
import { evenSplitPValue } from '../../probes/stats.ts';
import { fail, listWords, pass } from '../static/outcome.ts';
import type { CheckOutcome } from '../types.ts';
import type { LiveContext } from './context.ts';
import { assembleDiagnostics } from './diagnostics.ts';
import { APP, blockedBy } from './gate.ts';

/** Below this p-value the split is too lopsided to be kube-proxy's random choice. */
export const LB_MIN_P_VALUE = 0.001;

const fmtP = (p: number) => (p >= 0.01 ? p.toFixed(2) : p.toExponential(1));

function noService(ctx: LiveContext): CheckOutcome {
  return {
    status: 'skip',
    message: `cannot check: no Service on the cluster (see service.endpoints)`,
    evidence: { service: ctx.e.service },
  };
}

export function endpointsCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, APP);
  if (blocked) return blocked;
  const { e } = ctx;
  const svc = e.service;
  if (!svc)
    return fail(
      'no Service on the cluster after applying the manifests',
      `Commit a Service whose selector matches the pod labels, port ${ctx.rubric.expect.appPort} (or \`kubectl expose deployment … --port=${ctx.rubric.expect.appPort}\` shown in the report).`,
    );
  const sel =
    Object.entries(svc.selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',') || '(none)';
  const readyPods = e.pods.filter((p) => p.ready && p.ip);
  const ready = e.endpoints.filter((x) => x.ready);
  const readyIps = new Set(ready.map((x) => x.ip));
  const missing = readyPods.filter((p) => !readyIps.has(p.ip as string));
  const strangers = ready.filter((x) => !readyPods.some((p) => p.ip === x.ip));
  const evidence = {
    service: svc.name,
    selector: svc.selector,
    endpoints: e.endpoints,
    pods: readyPods.map((p) => ({ name: p.name, ip: p.ip, labels: p.labels })),
  };
  const want = ctx.rubric.expect.replicas;
  const problems: string[] = [];
  if (ready.length === 0) {
    const podLabels = readyPods[0]?.labels
      ? `; the pods are labelled ${Object.entries(readyPods[0].labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}`
      : '';
    problems.push(`${svc.name} (selector ${sel}) has no ready endpoint${podLabels}`);
  } else {
    if (missing.length)
      problems.push(
        `${listWords(missing.map((p) => `${p.name} ${p.ip}`))} ${missing.length > 1 ? 'are' : 'is'} not an endpoint of ${svc.name}`,
      );
    if (strangers.length)
      problems.push(
        `${svc.name} also sends traffic to ${listWords(strangers.map((x) => x.pod ?? x.ip))}, which ${strangers.length > 1 ? 'are' : 'is'} not a pod of the Deployment`,
      );
    if (ready.length < want && !missing.length)
      problems.push(`${svc.name} has ${ready.length} ready endpoint(s), the lab runs ${want} replicas`);
  }
  if (problems.length)
    return {
      ...fail(
        problems.join('; '),
        "Make the Service's `selector` equal the pod template's labels (`spec.template.metadata.labels`).",
        evidence,
      ),
      diagnostics: assembleDiagnostics(e, ['pods', 'events']),
    };
  const port = svc.ports.map((p) => `${p.port}→${p.targetPort ?? p.port}`).join(', ');
  return pass(
    `${svc.name} (${svc.type}, ${svc.clusterIP}, ports ${port}) has ${ready.length} ready endpoints: ${listWords(ready.map((x) => `${x.pod ?? '?'} ${x.ip}`))}`,
    evidence,
  );
}

export function lbSpreadCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, [...APP, STEP.lb]);
  if (blocked) return blocked;
  const { e } = ctx;
  if (!e.service) return noService(ctx);
  const lb = e.probes.lb;
  if (!lb)
    return {
      status: 'skip',
      message: 'cannot check: no request was sent through the Service (the evidence has no lb probe)',
    };
  const byIp = new Map(e.pods.filter((p) => p.ip).map((p) => [p.ip as string, p.name]));
  const answered = lb.samples.filter((s) => s.ok);
  const counts = new Map<string, number>(e.pods.filter((p) => p.ready).map((p) => [p.name, 0]));
  let unidentified = 0;
  for (const s of answered) {
    const pod = s.pod ?? (s.ip ? byIp.get(s.ip) : undefined);
    if (pod) counts.set(pod, (counts.get(pod) ?? 0) + 1);
    else unidentified++;
  }
  if (lb.samples.length === 0) {
    // A driver that kept only the tally: judge the tally.
    for (const [pod, n] of Object.entries(lb.counts)) counts.set(pod, n);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total === 0) return { status: 'skip', message: 'cannot check: the lb probe recorded no request' };
    answered.push(...Array.from({ length: total }, () => ({ ok: true })));
  }
  const values = [...counts.values()];
  const p = evenSplitPValue(values);
  const split = [...counts].map(([pod, n]) => `${pod} ${n}`).join(', ');
  const evidence = {
    method: lb.method,
    url: lb.url,
    samples: lb.samples.length,
    answered: answered.length,
    counts: Object.fromEntries(counts),
    unidentified,
    pValue: Number.isNaN(p) ? null : p,
  };
  const n = ctx.rubric.expect.lbSamples;
  const via = `${Math.max(answered.length, lb.samples.length)} requests ${lb.method === 'host' ? 'from the host' : 'from inside the cluster'}${lb.url ? ` to ${lb.url}` : ''}`;
  if (answered.length === 0) {
    const errors = countBy(lb.samples.map((s) => s.error ?? 'no answer'));
    return {
      ...fail(
        `none of the ${via} was answered: ${errors}`,
        `Check that the Service's targetPort reaches the container port ${ctx.rubric.expect.appPort} and that the app finished its build (\`kubectl logs POD\` prints "Server started on port 3000").`,
        evidence,
      ),
      diagnostics: assembleDiagnostics(e, ['pods', 'events']),
    };
  }
  const pText = Number.isNaN(p) ? '' : `, p = ${fmtP(p)} for an even split`;
  const starved = [...counts].filter(([, c]) => c === 0).map(([pod]) => pod);
  const affinity =
    e.service.sessionAffinity === 'ClientIP'
      ? ' The Service has `sessionAffinity: ClientIP`, which pins each client to one pod: remove it.'
      : '';
  if (starved.length && answered.length >= n) {
    return {
      ...fail(
        `${listWords(starved)} answered none of ${answered.length} requests (${split}${pText})`,
        `Every replica must be an endpoint of the Service and serve port ${ctx.rubric.expect.appPort}; see service.endpoints.${affinity}`,
        evidence,
      ),
      diagnostics: assembleDiagnostics(e, ['pods', 'events']),
    };
  }
  if (!Number.isNaN(p) && p < LB_MIN_P_VALUE && answered.length >= n) {
    return fail(
      `the split over ${answered.length} answered requests is too uneven to be random (${split}${pText} < ${LB_MIN_P_VALUE})`,
      `kube-proxy picks a backend at random per new connection; a fixed backend means something pins connections.${affinity}`,
      evidence,
    );
  }
  if (starved.length) {
    return {
      status: 'skip',
      message: `cannot conclude: only ${answered.length} of ${via} were answered (${split}), fewer than the ${n} needed to say a pod gets nothing`,
      evidence,
    };
  }
  const extra = unidentified ? `; ${unidentified} answers could not be tied to a pod` : '';
  return pass(`${answered.length} of ${via} answered: ${split}${pText}${extra}`, evidence);
}

function countBy(items: string[]): string {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return [...m].map(([k, v]) => `${v}× ${k}`).join(', ');
}

const ENV_OF: Partial<Record<PageField, string>> = {
  username: 'REACT_APP_USERNAME',
  company: 'REACT_APP_COMPANY_NAME',
};

export function envRenderedCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, [...APP, STEP.page]);
  if (blocked) return blocked;
  const { e } = ctx;
  const pods = e.pods.filter((p) => p.ready);
  if (e.probes.page.length === 0)
    return { status: 'skip', message: 'cannot check: no page was fetched from any pod' };
  const problems: string[] = [];
  const hints = new Set<string>();
  const shown: string[] = [];
  for (const pod of pods) {
    const page = e.probes.page.find((x) => x.pod === pod.name);
    if (!page) {
      problems.push(`${pod.name}: its page was not fetched`);
      continue;
    }
    if (page.error) {
      problems.push(`${pod.name}: ${page.error}`);
      hints.add(
        'The app builds itself at start (`npm run build`, a minute or more) before it listens on :3000; if it never does, read `kubectl logs POD`.',
      );
      continue;
    }
    const placeholders = new Set(page.placeholders ?? []);
    const wrong: string[] = [];
    for (const field of ['username', 'company'] as const) {
      const env = ENV_OF[field] as string;
      const want = ctx.expectedEnv[env];
      if (placeholders.has(field)) {
        wrong.push(`${env} shows the placeholder (unset)`);
        hints.add(
          `Set \`${env}\` in the Deployment's container env (a non-empty \`value\`), then let the pods restart.`,
        );
      } else if (page[field] === undefined) wrong.push(`${env} not found on the page`);
      else if (want !== undefined && page[field] !== want) {
        wrong.push(`${env} shows "${page[field]}", the Deployment sets "${want}"`);
        hints.add(
          'The values are baked in when the pod builds the app: recreate the pods after changing the env.',
        );
      }
    }
    if (placeholders.has('containerName') || page.containerName !== pod.name)
      wrong.push(
        `container name shows "${page.containerName ?? 'the placeholder'}", not the pod name ${pod.name}`,
      );
    if (placeholders.has('containerIp') || page.containerIp !== pod.ip)
      wrong.push(`container IP shows "${page.containerIp ?? 'the placeholder'}", not the pod IP ${pod.ip}`);
    if (wrong.length) problems.push(`${pod.name}: ${wrong.join(', ')}`);
    else
      shown.push(
        `${pod.name} shows ${page.username} / ${page.company} / ${page.containerName} / ${page.containerIp}`,
      );
  }
  const evidence = { expectedEnv: ctx.expectedEnv, pages: e.probes.page };
  if (pods.length === 0) return { status: 'skip', message: 'cannot check: no ready app pod', evidence };
  if (problems.length) {
    return fail(
      problems.join('; '),
      [...hints].join(' ') ||
        "The page must show the Deployment's env values and the serving pod's own name and IP; do not set REACT_APP_CONTAINER_NAME/IP yourself.",
      evidence,
    );
  }
  const unknown = Object.values(ENV_OF).filter((k) => ctx.expectedEnv[k] === undefined);
  const note = unknown.length
    ? ` (the expected ${listWords(unknown)} value is unknown, so only "not the placeholder" was checked)`
    : '';
  return pass(`${listWords(shown)}${note}`, evidence);
}
