import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lab4Result, makeResult, PINNED_STARTED_AT } from '../testing/result-builder.ts';
import {
  childElements,
  findAll,
  parseXml,
  propertiesOf,
  textOf,
  type XmlElement,
} from '../testing/xml-parser.ts';
import { renderJUnit } from './junit.ts';
import { unsafeLines } from './safe-text.ts';

const HOSTILE = `a <b> & "c" 'd' ]]> e ]]> f ]]>`;

function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function testcase(doc: XmlElement, checkId: string): XmlElement {
  const found = findAll(doc, 'testcase').filter((tc) => propertiesOf(tc)['check.id'] === checkId);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('renderJUnit', () => {
  const result = lab4Result({ cluster: { kind: 'minikube', kubernetes: 'v1.31.0', calico: 'v3.29.1' } });
  const xml = renderJUnit(result);
  const doc = parseXml(xml);

  it('writes one testcase per check and one failure/error/skipped per non-passing check', () => {
    expect(countOf(xml, '<testcase ')).toBe(result.checks.length);
    expect(countOf(xml, '<failure ')).toBe(1);
    expect(countOf(xml, '<error ')).toBe(1);
    expect(countOf(xml, '<skipped')).toBe(1);
    expect(doc.attrs).toMatchObject({ name: 'lab4', tests: '6', failures: '1', errors: '1', skipped: '1' });
  });

  it('makes one suite per group, in order of first appearance', () => {
    const suites = childElements(doc, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['lab4.nodes', 'lab4.pools', 'lab4.net']);
    expect(suites.map((s) => childElements(s, 'testcase').map((tc) => propertiesOf(tc)['check.id']))).toEqual(
      [
        ['nodes.count', 'nodes.labels'],
        ['pools.cidr-valid', 'pools.per-rack'],
        ['net.ping-dns', 'net.service-spread'],
      ],
    );
  });

  it('puts submission, score and cluster facts on every suite', () => {
    for (const suite of childElements(doc, 'testsuite')) {
      expect(propertiesOf(suite)).toMatchObject({
        submission: 'alice',
        lab: 'lab4',
        score: '6',
        maxScore: '12',
        'cluster.kind': 'minikube',
        'cluster.kubernetes': 'v1.31.0',
        'cluster.calico': 'v3.29.1',
      });
      expect(suite.attrs.timestamp).toBe(PINNED_STARTED_AT);
    }
    expect(propertiesOf(childElements(doc, 'testsuite')[1])).toMatchObject({
      'group.score': '3',
      'group.maxScore': '5',
    });
  });

  it('carries the run duration on the first suite only, and 0 on checks', () => {
    expect(childElements(doc, 'testsuite').map((s) => s.attrs.time)).toEqual(['1.5', '0', '0']);
    expect(new Set(findAll(doc, 'testcase').map((tc) => tc.attrs.time))).toEqual(new Set(['0']));
  });

  it('names cases `<id>: <title>` with classname `<lab>.<group>` and points as properties', () => {
    const tc = testcase(doc, 'pools.per-rack');
    expect(tc.attrs).toMatchObject({ classname: 'lab4.pools', name: 'pools.per-rack: one IPPool per rack' });
    expect(propertiesOf(tc)).toEqual({ 'check.id': 'pools.per-rack', points: '1', maxPoints: '3' });
  });

  it('reports a failure with the message, CheckFailed, the hint and the evidence', () => {
    const [failure] = childElements(testcase(doc, 'pools.per-rack'), 'failure');
    expect(failure.attrs).toEqual({ message: 'pool rack-2 selects no node', type: 'CheckFailed' });
    const body = textOf(failure);
    expect(body).toContain('Hint: Set nodeSelector to rack == "2"');
    const evidence = JSON.parse(body.slice(body.indexOf('{')));
    expect(evidence).toEqual(result.checks.find((c) => c.id === 'pools.per-rack')?.evidence);
  });

  it('reports errors, skip reasons and diagnostics', () => {
    const errored = testcase(doc, 'net.service-spread');
    const [error] = childElements(errored, 'error');
    expect(error.attrs).toEqual({ message: 'kubectl exec timed out after 30s', type: 'CheckError' });
    expect(textOf(error)).toBe('Hint: Check that both frontend pods are Running.');
    expect(textOf(childElements(errored, 'system-out')[0])).toBe(
      'pod/frontend-1 Running\npod/frontend-2 CrashLoopBackOff',
    );
    const [skipped] = childElements(testcase(doc, 'net.ping-dns'), 'skipped');
    expect(skipped.attrs.message).toBe('not verified: no live cluster (static mode)');
    expect(childElements(testcase(doc, 'nodes.count'))).toHaveLength(1); // only <properties>
  });

  it('stays well-formed and lossless with markup characters and several `]]>` everywhere', () => {
    const hostile = makeResult(
      [
        {
          id: 'x.fail',
          title: HOSTILE,
          status: 'fail',
          message: HOSTILE,
          hint: HOSTILE,
          diagnostics: HOSTILE,
        },
        { id: 'x.skip', status: 'skip', message: HOSTILE },
        { id: 'x.error', status: 'error', message: HOSTILE, hint: HOSTILE, evidence: { text: HOSTILE } },
      ],
      { submission: HOSTILE },
    );
    const parsed = parseXml(renderJUnit(hostile));
    const failed = testcase(parsed, 'x.fail');
    expect(failed.attrs.name).toBe(`x.fail: ${HOSTILE}`);
    expect(childElements(failed, 'failure')[0].attrs.message).toBe(HOSTILE);
    expect(textOf(childElements(failed, 'failure')[0])).toBe(`Hint: ${HOSTILE}`);
    expect(textOf(childElements(failed, 'system-out')[0])).toBe(HOSTILE);
    expect(childElements(testcase(parsed, 'x.skip'), 'skipped')[0].attrs.message).toBe(
      `not verified: ${HOSTILE}`,
    );
    expect(textOf(childElements(testcase(parsed, 'x.error'), 'error')[0])).toContain(JSON.stringify(HOSTILE));
    expect(propertiesOf(childElements(parsed, 'testsuite')[0]).submission).toBe(HOSTILE);
  });

  it('strips ANSI colours and shows other control characters as escapes', () => {
    const logs = '\u001b[31mError\u001b[0m: bad\u0000byte\u0007 \u001b]0;x';
    const parsed = parseXml(
      renderJUnit(makeResult([{ id: 'x.y', status: 'error', message: logs, diagnostics: logs }])),
    );
    const tc = testcase(parsed, 'x.y');
    expect(textOf(childElements(tc, 'system-out')[0])).toBe('Error: bad\\x00byte\\x07 \\x1b]0;x');
    expect(childElements(tc, 'error')[0].attrs.message).toBe('Error: bad\\x00byte\\x07 \\x1b]0;x');
  });

  it('tells a skip worth nothing from an unverified one', () => {
    const parsed = parseXml(
      renderJUnit(
        makeResult([
          { id: 'x.neutral', status: 'skip', maxPoints: 0, message: 'nothing to check' },
          { id: 'x.unverified', status: 'skip', maxPoints: 2, message: 'no pools' },
        ]),
      ),
    );
    const message = (id: string) => childElements(testcase(parsed, id), 'skipped')[0].attrs.message;
    expect(message('x.neutral')).toBe('nothing to check');
    expect(message('x.unverified')).toBe('not verified: no pools');
  });

  it('puts the interruption on every suite', () => {
    const parsed = parseXml(renderJUnit(lab4Result({ interrupted: { signal: 'SIGTERM', step: 'rollout' } })));
    for (const suite of childElements(parsed, 'testsuite'))
      expect(propertiesOf(suite).interrupted).toBe(
        'interrupted by SIGTERM during rollout: the checks of steps that never ran are not verified',
      );
  });

  it('writes no line the Actions runner would run, and XML readers get the text back', () => {
    const evil = 'a\n  ::add-mask::x\n##[group]y';
    const xml = renderJUnit(
      makeResult([{ id: 'x.y', status: 'fail', message: evil, hint: evil, diagnostics: evil, title: evil }]),
    );
    expect(unsafeLines(xml)).toEqual([]);
    const tc = testcase(parseXml(xml), 'x.y');
    expect(tc.attrs.name).toBe(`x.y: ${evil}`);
    expect(childElements(tc, 'failure')[0].attrs.message).toBe(evil);
    expect(textOf(childElements(tc, 'failure')[0])).toBe(`Hint: ${evil}`);
    expect(textOf(childElements(tc, 'system-out')[0])).toBe(evil);
  });

  it('prefixes suites and class names with the submission when given several results', () => {
    const parsed = parseXml(renderJUnit([lab4Result(), lab4Result({ submission: 'bob' })]));
    const names = childElements(parsed, 'testsuite').map((s) => s.attrs.name);
    expect(names).toEqual([
      'alice/lab4.nodes',
      'alice/lab4.pools',
      'alice/lab4.net',
      'bob/lab4.nodes',
      'bob/lab4.pools',
      'bob/lab4.net',
    ]);
    expect(testcaseClassNames(parsed)).toContain('bob.lab4.net');
    expect(parsed.attrs.tests).toBe('12');
  });

  it('keeps a submission without checks as an empty suite', () => {
    const parsed = parseXml(
      renderJUnit([lab4Result(), makeResult([], { submission: 'empty', maxScore: 0 })]),
    );
    const last = childElements(parsed, 'testsuite').at(-1);
    expect(last?.attrs).toMatchObject({ name: 'empty/lab4', tests: '0' });
    expect(propertiesOf(last as XmlElement)).toMatchObject({ submission: 'empty', score: '0' });
  });

  it('writes timestamps in UTC with Z, whatever offset the result carries', () => {
    const parsed = parseXml(
      renderJUnit(makeResult([{ id: 'a.b' }], { startedAt: '2026-03-02T12:30:00+03:00' })),
    );
    expect(childElements(parsed, 'testsuite')[0].attrs.timestamp).toBe(PINNED_STARTED_AT);
  });

  it('is deterministic and does not leak suites between calls (no shared builder)', () => {
    expect(renderJUnit(result)).toBe(xml);
    const other = renderJUnit(makeResult([{ id: 'solo.check' }]));
    expect(countOf(other, '<testcase ')).toBe(1);
    expect(renderJUnit(result)).toBe(xml);
  });

  it('matches the golden output for a small pinned result', () => {
    const small = makeResult([
      { id: 'pools.cidr-valid', title: 'every pool CIDR is valid', maxPoints: 2 },
      { id: 'pools.per-rack', title: 'one pool per rack', status: 'fail', message: 'no pool for rack 2' },
    ]);
    expect(renderJUnit(small)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="lab4" tests="2" failures="1" errors="0" skipped="0">',
        `  <testsuite name="lab4.pools" timestamp="${PINNED_STARTED_AT}" time="1.5" tests="2" failures="1" errors="0" skipped="0">`,
        '    <properties>',
        '      <property name="submission" value="alice"/>',
        '      <property name="lab" value="lab4"/>',
        '      <property name="status" value="graded"/>',
        '      <property name="score" value="2"/>',
        '      <property name="maxScore" value="3"/>',
        '      <property name="group.score" value="2"/>',
        '      <property name="group.maxScore" value="3"/>',
        '    </properties>',
        '    <testcase classname="lab4.pools" name="pools.cidr-valid: every pool CIDR is valid" time="0">',
        '      <properties>',
        '        <property name="check.id" value="pools.cidr-valid"/>',
        '        <property name="points" value="2"/>',
        '        <property name="maxPoints" value="2"/>',
        '      </properties>',
        '    </testcase>',
        '    <testcase classname="lab4.pools" name="pools.per-rack: one pool per rack" time="0">',
        '      <properties>',
        '        <property name="check.id" value="pools.per-rack"/>',
        '        <property name="points" value="0"/>',
        '        <property name="maxPoints" value="1"/>',
        '      </properties>',
        '      <failure message="no pool for rack 2" type="CheckFailed"/>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('is well-formed for arbitrary text in every field (property)', () => {
    const tricky = fc.constantFrom(
      ...['<', '>', '&', '"', "'", ']]>', ']', 'a', ' ', '\n', '\r', '\t', '😀'],
    );
    const forbidden = fc.constantFrom('\u0000', '\u0007', '\u001b[31m', '\ud800', '\udc00', '\uFFFE');
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({
        unit: fc.oneof({ weight: 5, arbitrary: tricky }, { weight: 1, arbitrary: forbidden }),
        maxLength: 40,
      }),
    );
    const check = fc.record({
      id: fc.constantFrom('a.one', 'a.two', 'b.three', 'c'),
      title: text,
      status: fc.constantFrom('pass', 'fail', 'skip', 'error'),
      message: text,
      hint: fc.option(text, { nil: undefined }),
      diagnostics: fc.option(text, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(check, { maxLength: 8 }), text, (checks, submission) => {
        const graded = makeResult(checks, { submission });
        const parsed = parseXml(renderJUnit([graded, graded]));
        expect(findAll(parsed, 'testcase')).toHaveLength(2 * checks.length);
        const fails = checks.filter((c) => c.status === 'fail').length;
        expect(findAll(parsed, 'failure')).toHaveLength(2 * fails);
      }),
      { numRuns: 200 },
    );
  });
});

function testcaseClassNames(doc: XmlElement): string[] {
  return findAll(doc, 'testcase').map((tc) => tc.attrs.classname);
}
