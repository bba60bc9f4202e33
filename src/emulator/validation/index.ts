/**
 * Validation as the real apiserver does it on a write of a built-in kind, in its order:
 * decoding (a value of the wrong JSON type → 400; unknown fields → 400 under `fieldValidation=Strict`,
 * `Warning` headers under `Warn` — the default —, silently dropped under `Ignore`: field validation,
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation), then the kind's
 * validation (label syntax, workload selectors, immutable fields → 422 Invalid).
 */
import { ApiError } from '../store/errors.ts';
import { decode, dropFields } from './decode.ts';
import { unmarshalMessage } from './go-types.ts';
import { type FieldError, validateLabels } from './labels.ts';
import { loadValidator } from './models.ts';
import { isWorkload, validateWorkloadSpec, validateWorkloadUpdate } from './workloads.ts';

export type { FieldError } from './labels.ts';
export { hasSchema } from './models.ts';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The `fieldValidation` query parameter; absent means Warn (the apiserver's default since v1.25). */
export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw new ApiError(
    400,
    'BadRequest',
    `fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`,
  );
}

export interface DecodeInput {
  group: string;
  version: string;
  kind: string;
  /** The object as sent (create, update) or as a patch left it. */
  body: unknown;
  mode: FieldValidation;
  /** A patch: errors are not prefixed with `… cannot be handled as …`; fields unknown before the patch are not reported. */
  patchedFrom?: unknown;
  /** Server-side apply reports unknown fields its own way: not checked here. */
  skipUnknown?: boolean;
}

export interface Decoded {
  body: unknown;
  /** `unknown field "…"`, one per Warning header. */
  warnings: string[];
}

/** Decodes a write against the kind's schema; a kind without one (custom resources) passes through. */
export async function decodeWrite(input: DecodeInput): Promise<Decoded> {
  const apiVersion = input.group ? `${input.group}/${input.version}` : input.version;
  const validate = await loadValidator(apiVersion, input.kind);
  if (!validate) return { body: input.body, warnings: [] };
  const wrap = (detail: string) =>
    input.patchedFrom === undefined
      ? `${input.kind} in version "${input.version}" cannot be handled as a ${input.kind}: ${detail}`
      : detail;
  const { typeError, unknown: found } = decode(validate, input.body);
  if (typeError)
    throw new ApiError(400, 'BadRequest', wrap(await unmarshalMessage(apiVersion, input.kind, typeError)));
  let unknown = input.skipUnknown ? [] : found;
  if (unknown.length > 0 && input.patchedFrom !== undefined) {
    const before = new Set(decode(validate, input.patchedFrom).unknown);
    unknown = unknown.filter((u) => !before.has(u));
  }
  if (unknown.length === 0) return { body: input.body, warnings: [] };
  const messages = unknown.map((u) => `unknown field "${u}"`);
  if (input.mode === 'Strict')
    throw new ApiError(400, 'BadRequest', wrap(`strict decoding error: ${messages.join(', ')}`));
  return {
    body: dropFields(input.body, unknown),
    warnings: input.mode === 'Warn' ? messages : [],
  };
}

// biome-ignore lint/suspicious/noExplicitAny: open-ended Kubernetes JSON.
type Any = any;

/** The kind's validation of an object about to be stored (`old` on an update). */
export function validateObject(group: string, kind: string, obj: Any, old?: Any): FieldError[] {
  const errs = validateLabels(obj?.metadata?.labels, 'metadata.labels');
  if (isWorkload(group, kind)) {
    errs.push(...validateWorkloadSpec(kind, obj));
    if (old) errs.push(...validateWorkloadUpdate(obj, old));
  }
  return errs;
}

/** errors.NewInvalid: `Deployment.apps "web" is invalid: a, b` (an aggregate of several in brackets). */
export function invalidError(group: string, kind: string, name: string, errs: FieldError[]): ApiError {
  const lines = [...new Set(errs.map((e) => `${e.field}: ${e.body}`))];
  const list = lines.length === 1 ? lines[0] : `[${lines.join(', ')}]`;
  const qualified = group ? `${kind}.${group}` : kind;
  return new ApiError(422, 'Invalid', `${qualified} "${name}" is invalid: ${list}`, {
    name,
    group: group || undefined,
    kind,
    causes: errs.map((e) => ({ reason: e.reason, message: e.body, field: e.field })),
  });
}
