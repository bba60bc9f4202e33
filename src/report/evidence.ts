/**
 * Evidence is declared JSON-serialisable, but a buggy check must not take the whole report down:
 * bigints become strings and anything JSON.stringify rejects (cycles) is described instead.
 */
export function stringifyEvidence(evidence: unknown, indent = 2): string {
  try {
    const text = JSON.stringify(evidence, bigintAsString, indent);
    return text ?? String(evidence);
  } catch (err) {
    return `[evidence not serialisable: ${err instanceof Error ? err.message : String(err)}]`;
  }
}

export function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
