import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvField, csvRecord, isBlankRecord, parseCsv } from './csv.ts';

const fieldsOf = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv', () => {
  it('reads RFC 4180 quoting: commas, doubled quotes and line ends inside quotes', () => {
    expect(fieldsOf('a,"b,c","say ""hi""","x\r\ny"\r\n')).toEqual([['a', 'b,c', 'say "hi"', 'x\r\ny']]);
  });

  it('accepts LF, CRLF and CR line ends, a BOM, and a missing final line end', () => {
    expect(fieldsOf('\uFEFFa,b\r\nc,d\ne,f\rg,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('numbers records by the physical line they start on', () => {
    const records = parseCsv('h1,h2\n"multi\nline",x\n\nlast,y\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5]);
    expect(isBlankRecord(records[2]!)).toBe(true);
  });

  it('keeps empty fields, quoted or not, and an empty quoted field at the very end', () => {
    expect(fieldsOf(',"",x,')).toEqual([['', '', 'x', '']]);
    expect(fieldsOf('a,""')).toEqual([['a', '']]);
    expect(fieldsOf('""')).toEqual([['']]);
    expect(fieldsOf('')).toEqual([]);
  });

  it('keeps a quote inside an unquoted field as text, as spreadsheets do', () => {
    expect(fieldsOf('O"Brien,x')).toEqual([['O"Brien', 'x']]);
  });

  it('names the line where an unclosed quote opened', () => {
    expect(() => parseCsv('a,b\nc,"never\nclosed')).toThrow(/^line 2: a quoted field is never closed/);
    let caught: unknown;
    try {
      parseCsv('a\n\n"x');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CsvSyntaxError);
    expect((caught as CsvSyntaxError).line).toBe(3);
  });

  it('rejects text after a closing quote, naming the line', () => {
    expect(() => parseCsv('ok\n"a"b,c')).toThrow(/^line 2: unexpected "b" after a closing quote/);
  });
});

describe('csvField / csvRecord', () => {
  it('quotes only when needed and ends records with CRLF', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvRecord(['a', 'b c', ''])).toBe('a,b c,\r\n');
  });
});

describe('round trip (property)', () => {
  // Any text, including quotes, commas, CR, LF, BOMs in the middle and astral characters.
  const field = fc.string({
    unit: fc.constantFrom('a', 'Я', ',', '"', '\r', '\n', ' ', '\uFEFF', '😀', 'x'),
  });
  const records = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 8 });

  it('parse(write(records)) gives the records back', () => {
    fc.assert(
      fc.property(records, (rs) => {
        expect(fieldsOf(rs.map(csvRecord).join(''))).toEqual(rs);
      }),
    );
  });

  it('line numbers count the line ends written before each record', () => {
    fc.assert(
      fc.property(records, (rs) => {
        const parsed = parseCsv(rs.map(csvRecord).join(''));
        let line = 1;
        rs.forEach((r, i) => {
          expect(parsed[i]?.line).toBe(line);
          line += (csvRecord(r).match(/\r\n|\r|\n/g) ?? []).length;
        });
      }),
    );
  });

  it('never throws on arbitrary text except with a CsvSyntaxError naming a line', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '\uFEFF') }), (text) => {
        try {
          parseCsv(text);
        } catch (e) {
          expect(e).toBeInstanceOf(CsvSyntaxError);
          expect((e as CsvSyntaxError).line).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });
});
