import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { fastParseYaml } from './fast-yaml.ts';

/** What the `yaml` library (the reference) gives for each document (undefined: an empty document). */
function reference(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => d.toJS() ?? undefined);
}

const MANIFESTS = [
  // kubectl-style: sequences at the key's indent, compact `- name:` items, comments, quotes, flow lists
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: lab4   # the name
  labels: {}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: lab4
  template:
    metadata:
      labels:
        app: lab4
    spec:
      containers:
      - name: frontend
        image: ifilyaninitmo/itdt-contained-frontend:master
        env:
        - name: REACT_APP_USERNAME
          value: 'O''Neil'
        - name: REACT_APP_COMPANY_NAME
          value: "ITMO University"
        ports:
          - containerPort: 3000
            protocol: TCP
`,
  `---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: rack-0
spec:
  cidr: 192.168.0.0/24
  ipipMode: Always
  natOutgoing: true
  blockSize: 26
  disabled: false
  nodeSelector: rack == "0"
---

---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
rules:
  - apiGroups: [""]
    resources:
      - pods
    verbs: [get, list]
  - apiGroups: ["crd.projectcalico.org", 'x']
    resources: []
    nonResourceURLs:
    -
      path: /healthz
`,
  'a: 1.5\nb: -3\nc: ~\nd: Null\ne: TRUE\nf: 10.0.0.1\ng: v1.24.3\nh: 3000:3000\ni: a#b\nj: "#x" # c\nk: -x\n',
  '\ufeffkey: value\r\nlist:\r\n- 1\r\n- two\r\n',
];

describe('fastParseYaml', () => {
  it.each(MANIFESTS.map((m, i) => [i, m]))(
    'reads manifest %i exactly as the yaml library does',
    (_, text) => {
      const fast = fastParseYaml(text as string);
      expect(fast).toBeDefined();
      expect(fast?.map((d) => d.value)).toEqual(reference(text as string));
    },
  );

  it('gives each document the line of its first content line', () => {
    const fast = fastParseYaml('# head\n\napiVersion: v1\nkind: A\n---\n# c\nkind: B\n');
    expect(fast?.map((d) => d.line)).toEqual([3, 7]);
  });

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['block scalars', 'a: |\n  text\n'],
    ['multi-line plain scalars', 'a: b\n  c\n'],
    ['escapes', 'a: "x\\ty"\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['tab indentation', 'a:\n\tb: 1\n'],
    ['hex and exponent numbers', 'a: 0x1F\nb: 1e3\n'],
    ['a leading-zero number', 'a: 0123\n'],
    ['quoted keys', '"a": 1\n'],
    ['a bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['a scalar document', 'just text\n'],
    ['nested flow collections', 'a: [[1]]\n'],
    ['a key without a space', 'a:b\n'],
    ['__proto__ keys', '__proto__: 1\n'],
    ['document end markers', 'a: 1\n...\n'],
  ])('leaves %s to the yaml library', (_, text) => {
    expect(fastParseYaml(text)).toBeUndefined();
  });

  it('agrees with the yaml library on generated manifests (or declines them)', () => {
    const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_./-]{0,12}$/);
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(
        '192.168.0.0/24',
        'rack == "0"',
        "it's",
        'a: b',
        '- x',
        '#x',
        'x #y',
        '',
        ' ',
        'null',
        '0123',
      ),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    })).map;
    fc.assert(
      fc.property(value, fc.boolean(), (doc, flowish) => {
        const text = stringify(doc, { collectionStyle: flowish ? 'any' : 'block', indentSeq: !flowish });
        const fast = fastParseYaml(text);
        if (fast === undefined) return;
        expect(fast.map((d) => d.value)).toEqual(reference(text));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const fast = fastParseYaml(text);
        if (fast !== undefined) expect(fast.map((d) => d.value)).toEqual(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});
