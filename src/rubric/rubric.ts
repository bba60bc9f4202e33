import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import lab4 from './lab4.json' with { type: 'json' };

/**
 * A lab's expectations and points, as data. Lab 4 ships as `lab4.json`; `--rubric FILE`
 * replaces it (same schema), so staff can change points or the image without code.
 */
const checkSpecSchema = z
  .object({
    title: z.string().min(1),
    points: z.number().min(0),
    /** Needs a cluster (graded by `lab-grader grade`, not by `check`). */
    live: z.boolean().optional(),
  })
  .strict();

const quantity = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/, 'a Kubernetes quantity such as 500m or 1Gi');

/** What a live grade may create; see README "Apply policy". */
const applySchema = z
  .object({
    /** The grading namespace when the submission defines no Namespace of its own. */
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    /** Pod Security Standards level the grading namespace enforces (`pod-security.kubernetes.io/enforce`). */
    podSecurity: z.enum(['baseline', 'restricted']),
    maxReplicas: z.number().int().min(1),
    /** Per container, requests and limits alike. */
    maxCpu: quantity,
    maxMemory: quantity,
    /** Objects the deploy step creates (workload, Services, ConfigMaps, Secrets, Namespace). */
    maxObjects: z.number().int().min(1),
    /** Size of one manifest object as JSON. */
    maxObjectBytes: z.number().int().min(1),
    /** minikube's node network (docker driver): no pool may overlap it. */
    nodeNetwork: z.string().min(1),
    /** Shortest IPv4 prefix of a pool (8: no wider than 10.0.0.0/8). */
    poolMinPrefix: z.number().int().min(0).max(32),
  })
  .strict();

const APPLY_DEFAULTS = {
  namespace: 'lab4',
  podSecurity: 'baseline',
  maxReplicas: 4,
  maxCpu: '1',
  maxMemory: '1Gi',
  maxObjects: 20,
  maxObjectBytes: 65536,
  nodeNetwork: '192.168.49.0/24',
  poolMinPrefix: 8,
} as const;

export const rubricSchema = z
  .object({
    lab: z.string().min(1),
    title: z.string().min(1),
    expect: z
      .object({
        nodes: z.number().int().min(1),
        cni: z.string().min(1),
        containerRuntime: z.string().min(1),
        image: z.string().min(1),
        imageRegistryPrefixes: z.array(z.string()),
        env: z.array(z.string().min(1)),
        replicas: z.number().int().min(1),
        appPort: z.number().int().min(1).max(65535),
        minPools: z.number().int().min(1),
        defaultPool: z.string().min(1),
        /** minikube's pod CIDR: the default pool and the nodes' podCIDRs (host-local IPAM) live here. */
        podCidr: z.string().min(1),
        serviceCidr: z.string().min(1),
        allowedKinds: z.array(z.string().min(1)),
        /** The live apply policy's parameters (src/live/policy.ts); defaults for rubric files without it. */
        apply: applySchema.default(APPLY_DEFAULTS),
        lbSamples: z.number().int().min(2).max(1000),
        rolloutTimeoutSeconds: z.number().positive(),
      })
      .strict(),
    checks: z.record(z.string(), checkSpecSchema),
  })
  .strict();

export type Rubric = z.infer<typeof rubricSchema>;
export type CheckSpec = z.infer<typeof checkSpecSchema>;
export type ApplyLimits = z.infer<typeof applySchema>;

export const defaultRubric: Rubric = rubricSchema.parse(lab4);

export class RubricError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RubricError';
  }
}

export function parseRubric(text: string, origin: string): Rubric {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new RubricError(`${origin}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = rubricSchema.safeParse(data);
  if (!parsed.success) throw new RubricError(`${origin}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export async function loadRubric(path?: string): Promise<Rubric> {
  if (!path) return defaultRubric;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new RubricError(
      `cannot read rubric ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return parseRubric(text, path);
}

/** The spec of a check id; a rubric that lacks it is a programming or rubric error. */
export function checkSpec(rubric: Rubric, id: string): CheckSpec {
  const spec = rubric.checks[id];
  if (!spec) throw new RubricError(`rubric ${rubric.lab} has no entry for check ${id}`);
  return spec;
}
