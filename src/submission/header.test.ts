import { describe, expect, it } from 'vitest';
import { cleanValue, labNumber, parseHeaderText } from './header.ts';

describe('parseHeaderText', () => {
  it('reads the plain header with an empty field, CRLF and a BOM', () => {
    const text =
      '\ufeffUniversity: [ITMO University](https://itmo.ru/ru/)    \r\nFaculty: [FICT](https://fict.itmo.ru)\r\n' +
      'Course: [Introduction to distributed technologies](https://github.com/x)\r\nYear: 2022/2023\r\n' +
      'Group: K4110c\r\nAuthor: Ovcharov Evgenii\r\nLab: Lab4\r\nDate of create: 31.10.2022\r\nDate of finished: \r\n___\r\n';
    expect(parseHeaderText(text)).toEqual({
      University: 'ITMO University',
      Faculty: 'FICT',
      Course: 'Introduction to distributed technologies',
      Year: '2022/2023',
      Group: 'K4110c',
      Author: 'Ovcharov Evgenii',
      Lab: 'Lab4',
      'Date of create': '31.10.2022',
      'Date of finished': '',
    });
  });

  it('accepts headings, bold names, hard breaks and <br>', () => {
    const text = [
      '### University: ITMO',
      '**Faculty:** FICT',
      '**Group**: K4111c \\',
      'Author: Ivanov <br>',
      '- Year: 2023/2024',
      '**Lab:** 4',
      'date of Create: 1.1.2024',
    ].join('\n');
    expect(parseHeaderText(text)).toEqual({
      University: 'ITMO',
      Faculty: 'FICT',
      Group: 'K4111c',
      Author: 'Ivanov',
      Year: '2023/2024',
      Lab: '4',
      'Date of create': '1.1.2024',
    });
  });

  it('reads a header table', () => {
    const text =
      '| Field | Value |\n|---|---|\n| University | ITMO |\n| **Lab** | Lab 4 |\n| Date of finished | |\n';
    expect(parseHeaderText(text)).toEqual({ University: 'ITMO', Lab: 'Lab 4', 'Date of finished': '' });
  });

  it('ignores code blocks and keeps the first occurrence', () => {
    const text = 'Lab: Lab4\n```yaml\nYear: 1999\n```\nLab: Lab3\n';
    expect(parseHeaderText(text)).toEqual({ Lab: 'Lab4' });
  });
});

describe('labNumber / cleanValue', () => {
  it('finds the lab number', () => {
    expect(labNumber('Lab4')).toBe(4);
    expect(labNumber('Lab 04')).toBe(4);
    expect(labNumber('')).toBeUndefined();
  });
  it('cleans link markup', () => {
    expect(cleanValue('[Introduction to distributed technologies]')).toBe(
      'Introduction to distributed technologies',
    );
    expect(cleanValue('<none>')).toBe('<none>');
  });
});
