import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_REGISTRY, defaultCheckSpecs, liveGradeCheckIds, staticCheckIds } from '../checks/registry.ts';
import { runStaticChecks } from '../checks/static/index.ts';
import { deriveFacts } from '../lab/facts.ts';
import { gradeScale } from '../report/result.ts';
import { readSubmission } from '../submission/read.ts';
import lab4 from './lab4.json' with { type: 'json' };
import { checkSpec, defaultRubric, loadRubric, parseRubric, RubricError } from './rubric.ts';

/** lab4.json as it was before the registry: a rubric file with a full `checks` section. */
const BEFORE_REGISTRY = join(import.meta.dirname, 'testdata/lab4-before-registry.json');
const before = JSON.parse(readFileSync(BEFORE_REGISTRY, 'utf8'));
const reference = join(import.meta.dirname, '../../fixtures/submissions/reference');

/** A rubric file: the bundled expectations, and `checks` as given (left out when undefined). */
function rubricFile(checks?: unknown): string {
  const { checks: _, ...rest } = before;
  return JSON.stringify(checks === undefined ? rest : { ...rest, checks });
}

describe('the Lab 4 rubric', () => {
  it('has an entry for every registered check, and the README documents every check id', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    for (const c of CHECK_REGISTRY) expect(checkSpec(defaultRubric, c.id).points).toBeGreaterThan(0);
    for (const id of Object.keys(defaultRubric.checks))
      expect(readme, `README lacks ${id}`).toContain(`\`${id}\``);
  });

  it("keeps today's titles and points exactly: 14 static checks worth 23, a live grade worth 41", () => {
    expect(defaultRubric).toEqual(parseRubric(JSON.stringify(before), 'before.json'));
    expect(defaultRubric.checks).toEqual(before.checks);
    expect(Object.keys(defaultRubric.checks)).toEqual(Object.keys(before.checks));
    expect(staticCheckIds()).toEqual([
      'submission.manifests',
      'submission.report',
      'minikube.start-flags',
      'pools.defined',
      'pools.cidr-valid',
      'pools.no-overlap',
      'pools.selectors-valid',
      'pools.default-removed',
      'labels.match-pools',
      'pods.shown-ips-in-pools',
      'deployment.replicas',
      'deployment.image',
      'deployment.env',
      'service.selects-pods',
    ]);
    const points = (ids: string[]) => ids.reduce((sum, id) => sum + checkSpec(defaultRubric, id).points, 0);
    expect(points(staticCheckIds())).toBe(23);
    expect(liveGradeCheckIds()).toHaveLength(28);
    expect(points(liveGradeCheckIds())).toBe(41);
    expect(gradeScale(defaultRubric)).toEqual({ static: 23, live: 41 });
    // --help reads lab4.json without parsing it (src/cli/help.ts): its copy must give the same maxima.
    expect(gradeScale(lab4)).toEqual({ static: 23, live: 41 });
  });

  it("takes its checks' defaults from the registry: lab4.json's checks section is their copy", () => {
    expect(lab4.checks).toEqual(defaultCheckSpecs());
    expect(parseRubric(rubricFile(), 'no-checks.json')).toEqual(defaultRubric);
    expect(parseRubric(rubricFile({}), 'empty-checks.json')).toEqual(defaultRubric);
  });

  it('loads rubric files written before the registry, with every check listed', async () => {
    expect(await loadRubric(BEFORE_REGISTRY)).toEqual(defaultRubric);
    const dir = await mkdtemp(join(tmpdir(), 'rubric-'));
    try {
      const changed = structuredClone(before);
      changed.checks['pods.ip-in-rack-pool'].points = 6;
      changed.checks['network.ping-fqdn'].title = 'Pods ping each other by name';
      await writeFile(join(dir, 'r.json'), JSON.stringify(changed));
      const rubric = await loadRubric(join(dir, 'r.json'));
      expect(rubric.checks['pods.ip-in-rack-pool']).toEqual({
        title: "Each pod's IP is in its rack's pool",
        points: 6,
        live: true,
      });
      expect(rubric.checks['network.ping-fqdn'].title).toBe('Pods ping each other by name');
      expect(gradeScale(rubric)).toEqual({ static: 23, live: 43 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('overrides only what a rubric names; a check it leaves out keeps its defaults', () => {
    const rubric = parseRubric(
      rubricFile({ 'deployment.replicas': { points: 5 }, 'service.lb-spread': { title: 'Load is spread' } }),
      'r.json',
    );
    expect(rubric.checks['deployment.replicas']).toEqual({ title: 'Deployment runs 2 replicas', points: 5 });
    expect(rubric.checks['service.lb-spread']).toEqual({ title: 'Load is spread', points: 2, live: true });
    expect(Object.keys(rubric.checks)).toEqual(Object.keys(defaultRubric.checks));
    expect(rubric.checks['pools.defined']).toEqual(defaultRubric.checks['pools.defined']);
    expect(gradeScale(rubric)).toEqual({ static: 27, live: 45 });
  });

  it('an unknown check id is an error naming it', () => {
    expect(() => parseRubric(rubricFile({ 'pools.bogus': { points: 1 } }), 'r.json')).toThrow(RubricError);
    expect(() => parseRubric(rubricFile({ 'pools.bogus': { points: 1 } }), 'r.json')).toThrow(
      /r\.json: .*unknown check id "pools\.bogus"/s,
    );
  });

  it('a check entry with a bad or unknown field is an error naming it', () => {
    expect(() => parseRubric(rubricFile({ 'deployment.env': { points: -1 } }), 'r.json')).toThrow(
      /deployment\.env.*points|points.*deployment\.env/s,
    );
    expect(() => parseRubric(rubricFile({ 'deployment.env': { point: 2 } }), 'r.json')).toThrow(/point/);
    expect(() => parseRubric(rubricFile({ 'deployment.env': { title: '' } }), 'r.json')).toThrow(/title/);
  });

  it("may repeat a check's live flag, not change it", () => {
    expect(
      parseRubric(
        rubricFile({ 'cluster.nodes-ready': { live: true }, 'deployment.env': { live: false } }),
        'r',
      ),
    ).toEqual(defaultRubric);
    expect(() => parseRubric(rubricFile({ 'deployment.env': { live: true } }), 'r.json')).toThrow(
      /deployment\.env is a static check/,
    );
    expect(() => parseRubric(rubricFile({ 'cluster.nodes-ready': { live: false } }), 'r.json')).toThrow(
      /cluster\.nodes-ready is a live check/,
    );
    // The live pools.default-removed replaces the static one under the static check's one entry.
    expect(() => parseRubric(rubricFile({ 'pools.default-removed': { live: true } }), 'r.json')).toThrow(
      /pools\.default-removed is a static check/,
    );
  });

  it("points 0 takes a check's points away: it still runs and is reported, worth nothing", async () => {
    const rubric = parseRubric(rubricFile({ 'deployment.env': { points: 0 } }), 'r.json');
    expect(gradeScale(rubric)).toEqual({ static: 22, live: 40 });
    const results = runStaticChecks(deriveFacts(await readSubmission(reference), rubric));
    expect(results.map((r) => r.id)).toEqual(staticCheckIds());
    expect(results.find((r) => r.id === 'deployment.env')).toMatchObject({
      status: 'pass',
      points: 0,
      maxPoints: 0,
    });
  });

  it('rejects a malformed rubric with the field named', () => {
    expect(() => parseRubric('{', 'r.json')).toThrow(RubricError);
    const bad = { ...defaultRubric, expect: { ...defaultRubric.expect, replicas: 'two' } };
    expect(() => parseRubric(JSON.stringify(bad), 'r.json')).toThrow(/replicas/);
  });

  it('carries the apply policy caps, defaulted for rubric files written before it', () => {
    expect(defaultRubric.expect.apply).toMatchObject({ namespace: 'lab4', maxReplicas: 4, maxMemory: '1Gi' });
    const { apply: _, ...older } = defaultRubric.expect;
    const parsed = parseRubric(JSON.stringify({ ...defaultRubric, expect: older }), 'old.json');
    expect(parsed.expect.apply).toEqual(defaultRubric.expect.apply);
    const badCap = { ...defaultRubric.expect, apply: { ...defaultRubric.expect.apply, maxMemory: 'lots' } };
    expect(() => parseRubric(JSON.stringify({ ...defaultRubric, expect: badCap }), 'r.json')).toThrow(
      /maxMemory/,
    );
  });

  it('lets staff change expectations and points', () => {
    const custom = parseRubric(
      JSON.stringify({
        ...defaultRubric,
        expect: { ...defaultRubric.expect, replicas: 3 },
        checks: { ...defaultRubric.checks, 'deployment.replicas': { title: 'x', points: 5 } },
      }),
      'r.json',
    );
    expect(custom.expect.replicas).toBe(3);
    expect(checkSpec(custom, 'deployment.replicas').points).toBe(5);
  });
});

describe('the bundled rubric', () => {
  // defaultRubric is lab4.json as it is (no zod at start-up): it must be what its schema makes of it.
  it('is what the rubric schema parses lab4.json to', () => {
    const text = readFileSync(new URL('./lab4.json', import.meta.url), 'utf8');
    expect(parseRubric(text, 'lab4.json')).toEqual(defaultRubric);
    expect(Object.keys(defaultRubric.checks).sort()).toEqual(Object.keys(defaultCheckSpecs()).sort());
  });
});
