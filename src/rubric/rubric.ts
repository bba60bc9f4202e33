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
        lbSamples: z.number().int().min(2).max(1000),
        rolloutTimeoutSeconds: z.number().positive(),
      })
      .strict(),
    checks: z.record(z.string(), checkSpecSchema),
  })
  .strict();

export type Rubric = z.infer<typeof rubricSchema>;
export type CheckSpec = z.infer<typeof checkSpecSchema>;

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
