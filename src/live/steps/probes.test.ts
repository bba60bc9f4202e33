/**
 * The probe steps (`lb`, `page`, `ping`, `dns`) on the in-process emulated cluster after the grade's
 * own steps deployed a submission, connected as `--cluster existing` does (so `lb` samples the Service
 * from inside the cluster). Then with the emulator's faults (src/emulator/config.ts parseFaults). What
 * busybox prints: docs/reference-facts.md, container-tools-output §1, §3, §4; the app's page and
 * bundle: §6; DNS names: kubectl-and-pods §5; load balancing: kubectl-and-pods §6.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP } from '../../evidence/schema.ts';
import { podFqdn } from '../../probes/names.ts';
import {
  brokenSubmission,
  openSessionOnTestCluster,
  SETUP_TIMEOUT_MS,
  type SessionOnTestCluster,
  type SessionOptions,
} from '../../testing/live-session.ts';
import type { LiveState } from '../state.ts';
import { dnsStep, lbStep, pageStep, pingStep } from './probes.ts';

const SETUP = [
  STEP.cluster,
  STEP.calico,
  STEP.labels,
  STEP.pools,
  STEP.deploy,
  STEP.rollout,
  STEP.collect,
] as const;
const SERVICE_FQDN = 'lab4-service.lab4.svc.cluster.local';

/** A fresh cluster with the submission deployed and collected, ready for the probes. */
function deployed(opts: SessionOptions = {}) {
  const ref: { t?: SessionOnTestCluster } = {};
  beforeAll(async () => {
    ref.t = await openSessionOnTestCluster(opts);
    await ref.t.runSteps(...SETUP);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => ref.t?.stop());
  return () => ref.t as SessionOnTestCluster;
}

/** The state with some evidence replaced (the steps read pods and the Service from the evidence). */
function withEvidence(s: LiveState, ev: Partial<LiveState['ev']>): LiveState {
  return { ...s, ev: { ...s.ev, probes: { ...s.ev.probes }, ...ev } };
}

describe('probes of the reference', () => {
  const t = deployed();
  const pods = () => t().state.ev.pods;

  it('lb: requests through the Service from inside the cluster reach both pods', async () => {
    const detail = await lbStep(t().state);
    const lb = t().state.ev.probes.lb;
    expect(lb).toMatchObject({ method: 'in-cluster', url: `http://${SERVICE_FQDN}:3000/` });
    expect(lb?.samples).toHaveLength(20); // the rubric's lbSamples
    const ok = lb?.samples.filter((x) => x.ok) ?? [];
    // Each sample asks for the bundle up to 6 times to land on the pod that served the page; on two
    // pods at random that misses with p = 1/64 per sample.
    expect(ok.length).toBeGreaterThanOrEqual(18);
    for (const x of lb?.samples.filter((y) => !y.ok) ?? [])
      expect(x.error).toBe('the bundle request was answered with HTML 6 times (other pods)');
    // Each answer names the pod that served it, with that pod's IP.
    for (const x of ok) expect(x.ip).toBe(pods().find((p) => p.name === x.pod)?.ip);
    expect(Object.keys(lb?.counts ?? {}).sort()).toEqual(
      pods()
        .map((p) => p.name)
        .sort(),
    );
    for (const n of Object.values(lb?.counts ?? {})) expect(n).toBeGreaterThanOrEqual(3);
    expect(Object.values(lb?.counts ?? {}).reduce((a, b) => a + b, 0)).toBe(ok.length);
    expect(lb?.pValue).toBeGreaterThan(0.01);
    expect(detail).toMatch(new RegExp(`^${ok.length}/20 answered \\(in-cluster\\): `));
  });

  it("page: each pod's own page shows its name, IP and the submission's env", async () => {
    await pageStep(t().state);
    expect(t().state.ev.probes.page).toEqual(
      pods().map((p) => ({
        pod: p.name,
        bundlePath: expect.stringMatching(/^\/static\/js\/main\.[0-9a-f]+\.js$/),
        username: 'ivanova-as',
        company: 'ITMO University',
        containerName: p.name,
        containerIp: p.ip,
      })),
    );
    // The bundle is built per pod: its hash differs (container-tools-output §6).
    const paths = t().state.ev.probes.page.map((p) => p.bundlePath);
    expect(new Set(paths).size).toBe(2);
  });

  it('ping: each pod reaches the other by IP and by pod FQDN, 0% loss', async () => {
    await pingStep(t().state);
    const [a, b] = pods();
    const expected = [
      [a, b],
      [b, a],
    ].flatMap(([from, to]) =>
      [
        ['ip', to?.ip],
        ['fqdn', podFqdn(to?.ip ?? '', 'lab4')],
      ].map(([kind, target]) => ({
        from: from?.name,
        to: to?.name,
        target,
        kind,
        transmitted: 3,
        received: 3,
        lossPct: 0,
        resolvedIp: to?.ip,
        rtt: expect.any(Object),
        exitCode: 0,
        output: expect.stringContaining(`PING ${target} (${to?.ip}): 56 data bytes\n`),
      })),
    );
    expect(t().state.ev.probes.ping).toEqual(expected);
    // Across nodes with IPIP: ttl 62 (container-tools-output §1).
    for (const p of t().state.ev.probes.ping) expect(p.output).toMatch(/seq=0 ttl=62 time=/);
  });

  it("dns: the Service's FQDN resolves to its ClusterIP", async () => {
    const detail = await dnsStep(t().state);
    const svc = t().state.ev.service;
    expect(t().state.ev.probes.dns).toEqual([
      {
        from: pods()[0]?.name,
        name: SERVICE_FQDN,
        resolved: [svc?.clusterIP],
        expected: svc?.clusterIP,
        exitCode: 0,
        output: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\t${SERVICE_FQDN}\nAddress: ${svc?.clusterIP}\n\n\n`,
      },
    ]);
    expect(detail).toBe(`${SERVICE_FQDN} → ${svc?.clusterIP} (ClusterIP ${svc?.clusterIP})`);
  });

  it('fails a step that has nothing to probe, rather than recording an empty probe', async () => {
    const s = t().state;
    await expect(lbStep(withEvidence(s, { service: null }))).rejects.toThrow(
      'no Service on the cluster to send requests through',
    );
    await expect(dnsStep(withEvidence(s, { service: null }))).rejects.toThrow(
      'no Service on the cluster to resolve',
    );
    await expect(pingStep(withEvidence(s, { pods: pods().slice(0, 1) }))).rejects.toThrow(
      'need two running pods to ping between, have 1',
    );
    const pending = pods().map((p) => ({ ...p, phase: 'Pending' }));
    await expect(dnsStep(withEvidence(s, { pods: pending }))).rejects.toThrow(
      'no running app pod to run nslookup in',
    );
  });
});

describe('probes when CoreDNS answers nothing (fault dns-broken)', () => {
  const t = deployed({ faults: 'dns-broken' });

  it('lb: no request reaches the Service by name (busybox wget "bad address")', async () => {
    expect(await lbStep(t().state)).toBe('0/20 answered (in-cluster): ');
    const lb = t().state.ev.probes.lb;
    expect(lb?.counts).toEqual({});
    expect(new Set(lb?.samples.map((x) => JSON.stringify(x)))).toEqual(
      new Set([JSON.stringify({ ok: false, error: `wget: bad address '${SERVICE_FQDN}'` })]),
    );
  });

  it('dns: the lookup times out, nothing resolved', async () => {
    await dnsStep(t().state);
    expect(t().state.ev.probes.dns).toEqual([
      {
        from: t().state.ev.pods[0]?.name,
        name: SERVICE_FQDN,
        resolved: [],
        expected: t().state.ev.service?.clusterIP,
        exitCode: 1,
        output: ';; connection timed out; no servers could be reached\n\n',
      },
    ]);
  });

  it('ping: by IP still 0% loss; by FQDN "bad address", recorded as 100% loss of nothing sent', async () => {
    await pingStep(t().state);
    const ping = t().state.ev.probes.ping;
    expect(ping.filter((p) => p.kind === 'ip').map((p) => [p.lossPct, p.exitCode])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    for (const p of ping.filter((x) => x.kind === 'fqdn'))
      expect(p).toMatchObject({
        transmitted: 0,
        received: 0,
        lossPct: 100,
        exitCode: 1,
        output: `ping: bad address '${p.target}'\n`,
      });
    expect(ping.filter((x) => x.kind === 'fqdn').every((p) => p.resolvedIp === undefined)).toBe(true);
  });
});

describe('probes when ICMP between racks is dropped (fault icmp-blocked)', () => {
  const t = deployed({ faults: 'icmp-blocked' });

  it('ping: 3 sent, none received, by IP and by FQDN (which still resolves)', async () => {
    expect(await pingStep(t().state)).toMatch(/^(.+ 100% loss, ){3}.+ 100% loss$/);
    for (const p of t().state.ev.probes.ping) {
      const to = t().state.ev.pods.find((x) => x.name === p.to);
      expect(p).toMatchObject({ transmitted: 3, received: 0, lossPct: 100, exitCode: 1, resolvedIp: to?.ip });
      expect(p.rtt).toBeUndefined();
      expect(p.output).toContain(`3 packets transmitted, 0 packets received, 100% packet loss`);
    }
  });

  it('dns is not affected', async () => {
    await dnsStep(t().state);
    expect(t().state.ev.probes.dns[0]).toMatchObject({
      resolved: [t().state.ev.service?.clusterIP],
      exitCode: 0,
    });
  });
});

describe('page of a submission that leaves REACT_APP_COMPANY_NAME unset (broken/missing-env)', () => {
  const t = deployed({ submission: brokenSubmission('missing-env') });

  it("page: the company shows App.js's placeholder", async () => {
    await pageStep(t().state);
    expect(t().state.ev.probes.page).toEqual(
      t().state.ev.pods.map((p) => ({
        pod: p.name,
        bundlePath: expect.stringMatching(/^\/static\/js\/main\.[0-9a-f]+\.js$/),
        username: 'ivanova-as',
        containerName: p.name,
        containerIp: p.ip,
        placeholders: ['company'],
      })),
    );
  });
});
