/**
 * Go's `%#v` of the values the apiserver puts in `Invalid value: …` (field.Error.ErrorBody prints a
 * non-scalar bad value with %#v, after dereferencing a pointer): maps print with sorted keys.
 */

/** Go's %q of a string (close enough to strconv.Quote for label text and keys). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** `map[string]string{"app":"web"}`; a nil map is `map[string]string(nil)`. */
export function goStringMap(m: Record<string, string> | undefined | null): string {
  if (!m) return 'map[string]string(nil)';
  const body = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`)
    .join(', ');
  return `map[string]string{${body}}`;
}

function goStrings(list: unknown): string {
  if (!Array.isArray(list)) return '[]string(nil)';
  return `[]string{${list.map((s) => goQuote(String(s))).join(', ')}}`;
}

interface Requirement {
  key?: string;
  operator?: string;
  values?: string[];
}

/** `v1.LabelSelector{MatchLabels:map[string]string{…}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}` */
export function goLabelSelector(sel: {
  matchLabels?: Record<string, string>;
  matchExpressions?: Requirement[];
}): string {
  const exprs = Array.isArray(sel.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map(
          (r) =>
            `v1.LabelSelectorRequirement{Key:${goQuote(r.key ?? '')}, Operator:${goQuote(r.operator ?? '')}, Values:${goStrings(r.values)}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprs}}`;
}
