import { describe, expect, it } from 'vitest';
import { defaultRubric } from '../rubric/rubric.ts';
import { LIVE_CHECK_FUNCTIONS, LIVE_CHECK_IDS, LIVE_CHECKS } from './live/index.ts';
import {
  CHECK_REGISTRY,
  defaultCheckSpecs,
  liveCheckIds,
  liveGradeCheckIds,
  registryEntry,
  replacedByLive,
  staticCheckIds,
} from './registry.ts';
import { STATIC_CHECK_FUNCTIONS, STATIC_CHECKS, toResult, unregisteredFunction } from './static/index.ts';

const sorted = (ids: Iterable<string>) => [...ids].sort();

describe('the check registry', () => {
  it('declares each id once per phase, well formed, with a sentence the README table can hold', () => {
    for (const phase of ['static', 'live'] as const) {
      const ids = CHECK_REGISTRY.filter((c) => c.phase === phase).map((c) => c.id);
      expect(new Set(ids).size, `${phase} ids are unique`).toBe(ids.length);
    }
    for (const c of CHECK_REGISTRY) {
      expect(c.id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
      expect(c.title.trim(), c.id).not.toBe('');
      expect(Number.isFinite(c.points) && c.points >= 0, c.id).toBe(true);
      expect(c.passesWhen.trim(), c.id).not.toBe('');
      expect(c.passesWhen, `${c.id}: one line, no table pipe`).not.toMatch(/[|\n]/);
    }
  });

  it('lists the static checks first, then the live ones', () => {
    const phases = CHECK_REGISTRY.map((c) => c.phase);
    expect(phases).toEqual([...phases].sort((a, b) => (a === b ? 0 : a === 'static' ? -1 : 1)));
  });

  it('says which static check a live one replaces, and only live checks replace', () => {
    for (const c of CHECK_REGISTRY) {
      if (c.phase === 'static') {
        expect(c.replaces, c.id).toBeUndefined();
        continue;
      }
      const sameId = registryEntry('static', c.id);
      // A live check with a static check's id must say it replaces it: both would be graded otherwise.
      if (sameId) expect(c.replaces, c.id).toBe(c.id);
      if (!c.replaces) continue;
      const replaced = registryEntry('static', c.replaces);
      expect(replaced, `${c.id} replaces an unknown static check ${c.replaces}`).toBeDefined();
      // The rubric has one entry per id and gradeScale (src/report/result.ts) counts each id once:
      // a replacement has the replaced check's id, title and points.
      expect(c.replaces, c.id).toBe(c.id);
      expect({ title: c.title, points: c.points }).toEqual({
        title: replaced?.title,
        points: replaced?.points,
      });
    }
    expect(sorted(replacedByLive())).toEqual(['pools.default-removed']);
  });

  it("orders a live grade as today's: the static checks not replaced, then the live ones", () => {
    expect(liveGradeCheckIds()).toEqual([
      'submission.manifests',
      'submission.report',
      'minikube.start-flags',
      'pools.defined',
      'pools.cidr-valid',
      'pools.no-overlap',
      'pools.selectors-valid',
      'labels.match-pools',
      'pods.shown-ips-in-pools',
      'deployment.replicas',
      'deployment.image',
      'deployment.env',
      'service.selects-pods',
      'cluster.nodes-ready',
      'cluster.runtime-containerd',
      'cluster.calico-healthy',
      'labels.applied',
      'pools.applied',
      'pools.default-removed',
      'deployment.rolled-out',
      'pods.spread-across-racks',
      'pods.ip-in-rack-pool',
      'service.endpoints',
      'service.lb-spread',
      'app.env-rendered',
      'network.ping-ip',
      'network.ping-fqdn',
      'dns.service-resolves',
    ]);
  });

  it("gives the rubric one default per id, live only for checks a static grade doesn't run", () => {
    const specs = defaultCheckSpecs();
    expect(Object.keys(specs)).toEqual([...new Set([...staticCheckIds(), ...liveCheckIds()])]);
    for (const [id, spec] of Object.entries(specs)) {
      const entry = registryEntry('static', id) ?? registryEntry('live', id);
      expect(spec, id).toEqual({
        title: entry?.title,
        points: entry?.points,
        ...(registryEntry('static', id) ? {} : { live: true }),
      });
    }
  });
});

describe('every registered check has exactly one function, and every function an entry', () => {
  it('static', () => {
    expect(sorted(Object.keys(STATIC_CHECK_FUNCTIONS))).toEqual(sorted(staticCheckIds()));
    expect(STATIC_CHECKS.map(([id]) => id)).toEqual(staticCheckIds());
    for (const [id, fn] of STATIC_CHECKS)
      expect(fn, id).toBe((STATIC_CHECK_FUNCTIONS as Record<string, unknown>)[id]);
  });

  it('live', () => {
    expect(sorted(Object.keys(LIVE_CHECK_FUNCTIONS))).toEqual(sorted(liveCheckIds()));
    expect(LIVE_CHECKS.map(([id]) => id)).toEqual(liveCheckIds());
    for (const [id, fn] of LIVE_CHECKS)
      expect(fn, id).toBe((LIVE_CHECK_FUNCTIONS as Record<string, unknown>)[id]);
    expect(sorted(LIVE_CHECK_IDS)).toEqual(sorted(liveCheckIds()));
  });

  it('no function serves two checks of a phase', () => {
    const fnsOf = (map: object): unknown[] => Object.values(map);
    for (const fns of [fnsOf(STATIC_CHECK_FUNCTIONS), fnsOf(LIVE_CHECK_FUNCTIONS)])
      expect(new Set(fns).size).toBe(fns.length);
  });

  it('a registered check without a function would grade as an error, not vanish', () => {
    const r = toResult('deployment.env', defaultRubric, unregisteredFunction('deployment.env'));
    expect(r).toMatchObject({ id: 'deployment.env', status: 'error', points: 0, maxPoints: 1 });
    expect(r.message).toContain('deployment.env is in src/checks/registry.ts but has no function');
  });
});
