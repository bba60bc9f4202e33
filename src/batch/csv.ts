/**
 * CSV per RFC 4180, hand-written (no CSV dependency in the project): fields separated by commas,
 * quoted with `"` and `""` inside quotes. Reading is lenient where spreadsheets are: LF, CRLF or CR
 * line ends, a UTF-8 BOM, a quote inside an unquoted field kept as text. Writing is strict: CRLF
 * line ends, a field quoted when it holds a comma, quote, CR or LF.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line where the record starts (quoted fields may span lines). */
  line: number;
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/** Every record of the text, blank lines included (as one empty field), the last line end optional. */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  // A field has begun (a character, or an opening quote): `""` at the end of the text is a record.
  let started = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    started = false;
  };
  while (i < src.length) {
    const ch = src[i];
    if (ch === '"' && !started) {
      // A quoted field: runs to the next lone quote, across line ends.
      const openedOn = line;
      started = true;
      i += 1;
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError('a quoted field is never closed', openedOn);
        const c = src[i];
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line += 1;
        field += c;
        i += 1;
      }
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(`unexpected ${JSON.stringify(next)} after a closing quote`, line);
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      started = false;
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += ch;
    started = true;
    i += 1;
  }
  // The text's last record, unless the text ended with a line end (or is empty).
  if (started || fields.length > 0) endRecord();
  return records;
}

/** True for a record that is one empty field: a blank line. */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0] === '';
}

/** One field, quoted when RFC 4180 requires it (or when a leading BOM would be taken for the file's). */
export function csvField(value: string): string {
  return /[",\r\n]|^\uFEFF/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record with its CRLF line end. */
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
