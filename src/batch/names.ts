import path from 'node:path';

/**
 * Student names become folder names under the class output directory (OUT/<student>/…), and they
 * come from a roster or from submission folders that students named. A name is made safe here so
 * that it can never leave OUT, hide itself, pass for a flag, or clash with a sibling.
 */

/** UTF-8 bytes: file systems limit a name to 255 bytes; leave room for a `-N` suffix and a prefix. */
export const MAX_NAME_BYTES = 120;

const FALLBACK = 'student';
// Reserved device names on Windows, whatever the extension (a class folder may be copied there).
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;

/**
 * One name made safe for a folder: letters, marks and digits of any script, `.`, `_`, `-` and `+` are
 * kept; every other run of characters (separators, whitespace, shell and Windows metacharacters,
 * control characters) becomes one `_`, and invisible format characters (zero-width, bidi overrides)
 * are dropped. Runs of dots become one dot (no `..`); no leading dot, dash or underscore, no
 * trailing dot; at most MAX_NAME_BYTES of UTF-8. Never empty.
 */
export function safeStudentName(raw: string): string {
  let name = raw
    .normalize('NFC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[^\p{L}\p{M}\p{N}._+-]+/gu, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+/, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  name = truncateUtf8(name, MAX_NAME_BYTES).replace(/[._]+$/, '');
  return name === '' ? FALLBACK : name;
}

/** The class files beside the student folders in OUT: no student folder may take their names. */
export const CLASS_FILE_NAMES = ['class.csv', 'class.md', 'junit.xml'] as const;

/**
 * Safe names, unique among siblings and the class files (a student named `junit.xml` gets
 * `junit.xml-2`): the first of equal names keeps it, later ones get `-2`, `-3`…
 * in input order (so the same roster always gives the same folders). Names compare case-insensitively
 * because macOS and Windows file systems do.
 */
export function uniqueStudentNames(raws: readonly string[]): string[] {
  const taken = new Set<string>(CLASS_FILE_NAMES.map(foldKey));
  return raws.map((raw) => {
    const base = safeStudentName(raw);
    let name = base;
    for (let n = 2; taken.has(foldKey(name)); n += 1) {
      const suffix = `-${n}`;
      name = `${truncateUtf8(base, MAX_NAME_BYTES - suffix.length)}${suffix}`;
    }
    taken.add(foldKey(name));
    return name;
  });
}

// Lab folders as students name them (`lab4`, `Lab 4`, `lab_04`, `laba4`, `лаб4`, `lr4`, `lab4-calico`):
// the same family of names src/submission/locate.ts looks for, for any lab number.
const LAB_FOLDER = /^(?:lab(?:oratory)?(?:[\s_.-]*work)?|laba|лаб\p{L}*|lr|лр)[\s_.#№-]*\d+(?!\d)/iu;

/**
 * The student name of a submission without a roster: its folder's name, or for a lab folder
 * (`…/alice/lab4`) the repository folder above it (`alice`).
 */
export function studentNameFromPath(submission: string): string {
  const abs = path.resolve(submission);
  const base = path.basename(abs);
  const parent = path.basename(path.dirname(abs));
  const raw = LAB_FOLDER.test(base) && parent !== '' && path.dirname(abs) !== abs ? parent : base;
  return safeStudentName(raw);
}

function foldKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes, cut between code points. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += ch;
  }
  return out;
}

/** Student names for submissions graded without a roster: from their folders, unique in the order given. */
export function studentNamesFromPaths(paths: readonly string[]): string[] {
  return uniqueStudentNames(paths.map(studentNameFromPath));
}
