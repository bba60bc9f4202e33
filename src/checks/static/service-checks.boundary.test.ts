/**
 * Boundary tests of service.selects-pods found by mutation testing (issue 7): which hint a student gets
 * for which trouble, the evidence, named ports without containers, `kubectl expose` without a usable port.
 */
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT, gradeFiles, HEADER, POOLS, SERVICE } from '../../testing/submission-builder.ts';

const grade = (files: Record<string, string>) => {
  const r = gradeFiles({ 'lab4.md': HEADER, 'ippool.yaml': POOLS, ...files }).get('service.selects-pods');
  if (!r) throw new Error('no result');
  return r;
};
const service = (spec: string, name = 'web') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: ${spec}\n`;
const check = (spec: string, deploy = DEPLOYMENT) =>
  grade({ 'deployment.yaml': deploy, 'service.yaml': service(spec) });
const expose = (cmd: string, deploy: string | undefined = DEPLOYMENT) =>
  grade({
    ...(deploy ? { 'deployment.yaml': deploy } : {}),
    'lab4.md': `${HEADER}\n\`\`\`bash\n${cmd}\n\`\`\`\n`,
  });

const SELECTOR_HINT = "Make the Service's `spec.selector` equal the pod template labels (app: web).";
const PORT_HINT = 'Set `targetPort: 3000` (or the name of the container port 3000).';
const SELECTOR_SHAPE_HINT =
  'Write `spec.selector` as a mapping of labels: `selector:` with `app: web` under it.';
const PORTS_SHAPE_HINT =
  'Write `spec.ports` as a list of mappings: `- port: 80` with `targetPort: 3000` under it.';
/** A Deployment whose container list is an empty list: read, but no container port to name. */
const NO_CONTAINERS = DEPLOYMENT.replace(/ {6}containers:[\s\S]*$/, '      containers: []\n');

describe('service.selects-pods: one hint per trouble, and only that one', () => {
  it('a wrong selector gets only the selector hint', () => {
    const r = check('{selector: {app: frontend}, ports: [{port: 80, targetPort: 3000}]}');
    expect(r.status).toBe('fail');
    expect(r.hint).toBe(SELECTOR_HINT);
  });

  it('a wrong port gets only the port hint', () => {
    const r = check('{selector: {app: web}, ports: [{port: 80, targetPort: 3001}]}');
    expect(r.message).toBe(
      'service.yaml:1 Service web port 80 → targetPort 3001 does not reach container port 3000',
    );
    expect(r.hint).toBe(PORT_HINT);
  });

  it('both wrong: both hints, selector first', () => {
    const r = check('{selector: {app: frontend}, ports: [{port: 80}]}');
    expect(r.hint).toBe(`${SELECTOR_HINT} ${PORT_HINT}`);
  });

  it('no selector: the selector hint; pods without labels are named as such', () => {
    const r = check('{ports: [{port: 80, targetPort: 3000}]}');
    expect(r.message).toBe('service.yaml:1 Service web has no selector');
    expect(r.hint).toBe(SELECTOR_HINT);
    const unlabelled = DEPLOYMENT.replace('    metadata: {labels: {app: web}}\n', '');
    const u = check('{selector: {app: web}, ports: [{port: 80, targetPort: 3000}]}', unlabelled);
    expect(u.message).toBe(
      'service.yaml:1 Service web selects app: web but the pods are labelled (no labels)',
    );
    expect(u.hint).toBe(
      "Make the Service's `spec.selector` equal the pod template labels (add labels to the pod template).",
    );
  });

  it('no ports: the port hint only', () => {
    const r = check('{selector: {app: web}}');
    expect(r.message).toBe('service.yaml:1 Service web has no ports');
    expect(r.hint).toBe(PORT_HINT);
  });

  it('a selector of the wrong shape: the shape hint, no "has no selector"', () => {
    const r = check('{selector: [app], ports: [{port: 80, targetPort: 3000}]}');
    expect(r.message).toBe('service.yaml:1 Service web spec.selector is a list, not a mapping of labels');
    expect(r.hint).toBe(SELECTOR_SHAPE_HINT);
  });

  it('ports of the wrong shape: the ports-shape hint, no "has no ports"', () => {
    const r = check('{selector: {app: web}, ports: {port: 3000}}');
    expect(r.message).toBe('service.yaml:1 Service web spec.ports is a mapping, not a list');
    expect(r.hint).toBe(PORTS_SHAPE_HINT);
  });

  it('a spec that is no mapping: one problem, the selector-shape hint', () => {
    const r = check('[1, 2]');
    expect(r.message).toBe('service.yaml:1 Service web spec is a list, not a mapping');
    expect(r.hint).toBe(SELECTOR_SHAPE_HINT);
  });

  it('a selector of the wrong shape with a wrong port: both hints, shape first', () => {
    const r = check('{selector: app=web, ports: [{port: 80}]}');
    expect(r.hint).toBe(`${SELECTOR_SHAPE_HINT} ${PORT_HINT}`);
  });

  it('ports of the wrong shape with a wrong selector: both hints', () => {
    const r = check('{selector: {app: x}, ports: {port: 3000}}');
    expect(r.hint).toBe(`${PORTS_SHAPE_HINT} ${SELECTOR_HINT}`);
  });

  it('no Deployment: only the Deployment hint, whatever the port', () => {
    const r = grade({
      'service.yaml': service('{selector: {app: web}, ports: [{port: 80, targetPort: 81}]}'),
    });
    expect(r.message).toBe(
      'service.yaml:1 Service web has nothing to select (no Deployment); port 80 → targetPort 81 does not reach container port 3000',
    );
    expect(r.hint).toBe(`Commit the Deployment whose pod template labels the Service selects. ${PORT_HINT}`);
  });

  it('an unread Deployment: the fix-first hint, and the evidence names it', () => {
    const broken = DEPLOYMENT.replace('  replicas: 2', '   replicas: 2');
    const r = grade({ 'deployment.yaml': broken, 'service.yaml': SERVICE });
    expect(r.hint).toBe(
      'Fix deployment.yaml first (see submission.manifests): the Deployment in it is graded once it can be read.',
    );
    expect(r.evidence).toHaveProperty('unreadWorkload');
    expect((r.evidence as { unreadWorkload: { file: string }[] }).unreadWorkload[0]?.file).toBe(
      'deployment.yaml',
    );
  });

  it('an expose of another Deployment: only the expose-name hint', () => {
    const r = expose('kubectl expose deployment other --port=3000');
    expect(r.hint).toBe('Expose the Deployment by its own name.');
    const both = expose('kubectl expose deployment other --port=80');
    expect(both.hint).toBe(`${PORT_HINT} Expose the Deployment by its own name.`);
  });
});

describe('service.selects-pods: shape problems do not hide the other part', () => {
  it('ports of the wrong shape and no selector: both are said', () => {
    const r = check('{ports: {port: 3000}}');
    expect(r.message).toBe('service.yaml:1 Service web spec.ports is a mapping, not a list; has no selector');
    expect(r.hint).toBe(`${PORTS_SHAPE_HINT} ${SELECTOR_HINT}`);
  });

  it('a selector of the wrong shape and no ports: both are said', () => {
    const r = check('{selector: [app]}');
    expect(r.message).toBe(
      'service.yaml:1 Service web spec.selector is a list, not a mapping of labels; has no ports',
    );
    expect(r.hint).toBe(`${SELECTOR_SHAPE_HINT} ${PORT_HINT}`);
  });

  it('a port that is a mapping is no port name, even without containers', () => {
    const r = check('{selector: {app: web}, ports: [{port: {a: 1}}]}', NO_CONTAINERS);
    expect(r.message).toBe(
      'service.yaml:1 Service web port a mapping → targetPort a mapping (default) does not reach container port 3000',
    );
  });

  it('an unread Service file: the evidence lists it', () => {
    const r = grade({
      'deployment.yaml': DEPLOYMENT,
      'service.yaml': SERVICE.replace('spec: {', 'spec: {{'),
    });
    expect(r.evidence).toMatchObject({ unread: [{ file: 'service.yaml' }] });
  });
});

describe('service.selects-pods: evidence', () => {
  it('a passing Service: its name, ok, no problems, the pod labels, no unread workload', () => {
    const r = grade({ 'deployment.yaml': DEPLOYMENT, 'service.yaml': SERVICE });
    expect(r.status).toBe('pass');
    expect(r.message).toBe('service.yaml:1 Service web selects the pods and reaches port 3000');
    expect(r.evidence).toEqual({
      services: [{ name: 'service.yaml:1 Service web', ok: true, problems: [] }],
      podLabels: { app: 'web' },
    });
  });

  it('a failing expose: its line, ok false, the problem', () => {
    const r = expose('kubectl expose deployment web --port=3001');
    expect(r.evidence).toEqual({
      services: [
        {
          name: 'report line 12: kubectl expose deployment web',
          ok: false,
          problems: ['targets port 3001, not 3000'],
        },
      ],
      podLabels: { app: 'web' },
    });
  });

  it('the first good exposure is the one named, after a failing one', () => {
    const r = grade({
      'deployment.yaml': DEPLOYMENT,
      'a.yaml': service('{selector: {app: x}, ports: [{port: 3000}]}', 'bad'),
      'b.yaml': service('{selector: {app: web}, ports: [{port: 3000}]}', 'good'),
    });
    expect(r.status).toBe('pass');
    expect(r.message).toBe('b.yaml:1 Service good selects the pods and reaches port 3000');
  });

  it('all failing: every exposure is named with its problems', () => {
    const r = grade({
      'deployment.yaml': DEPLOYMENT,
      'service.yaml': service('{selector: {app: x}, ports: [{port: 3000}]}'),
      'lab4.md': `${HEADER}\n\`\`\`bash\nkubectl expose deployment web --port=3001\n\`\`\`\n`,
    });
    expect(r.message).toBe(
      'service.yaml:1 Service web selects app: x but the pods are labelled app: web | report line 12: kubectl expose deployment web targets port 3001, not 3000',
    );
  });
});

describe('service.selects-pods: named ports and containers', () => {
  it('a named targetPort with an empty container list blames the containers (no reason given)', () => {
    const r = check('{selector: {app: web}, ports: [{port: 80, targetPort: http}]}', NO_CONTAINERS);
    expect(r.message).toBe(
      'service.yaml:1 Service web targetPort `http` names a container port, but deployment.yaml:1 has no container',
    );
    expect(r.hint).not.toContain('targetPort');
  });

  it('every port named: all names are listed', () => {
    const r = check(
      '{selector: {app: web}, ports: [{port: 80, targetPort: http}, {port: 81, targetPort: web}]}',
      NO_CONTAINERS,
    );
    expect(r.message).toBe(
      'service.yaml:1 Service web targetPort `http` and `web` names a container port, but deployment.yaml:1 has no container',
    );
  });

  it('one named port and one wrong number: the numbers are wrong, the port is blamed', () => {
    const r = check(
      '{selector: {app: web}, ports: [{port: 80, targetPort: http}, {port: 81, targetPort: 3001}]}',
      NO_CONTAINERS,
    );
    expect(r.message).toBe(
      'service.yaml:1 Service web port 80 → targetPort http, port 81 → targetPort 3001 does not reach container port 3000',
    );
    expect(r.hint).toBe(PORT_HINT);
  });

  it('a numeric string targetPort is a number, not a name', () => {
    const r = check('{selector: {app: web}, ports: [{port: 80, targetPort: "3001"}]}', NO_CONTAINERS);
    expect(r.message).toBe(
      'service.yaml:1 Service web port 80 → targetPort 3001 does not reach container port 3000',
    );
    expect(r.hint).toBe(PORT_HINT);
  });

  it('a numeric targetPort is no name either', () => {
    const r = check('{selector: {app: web}, ports: [{port: 80, targetPort: 81}]}', NO_CONTAINERS);
    expect(r.message).toBe(
      'service.yaml:1 Service web port 80 → targetPort 81 does not reach container port 3000',
    );
  });

  it('a port named by `port` (no targetPort) is a name too', () => {
    const r = check('{selector: {app: web}, ports: [{port: http}]}', NO_CONTAINERS);
    expect(r.message).toBe(
      'service.yaml:1 Service web targetPort `http` names a container port, but deployment.yaml:1 has no container',
    );
  });

  it('targetPort: null defaults to the port', () => {
    const r = check('{selector: {app: web}, ports: [{port: 80, targetPort: null}]}');
    expect(r.message).toBe(
      'service.yaml:1 Service web port 80 → targetPort 80 (default) does not reach container port 3000',
    );
    expect(check('{selector: {app: web}, ports: [{port: 3000, targetPort: null}]}').status).toBe('pass');
  });

  it('a port with neither port nor targetPort does not reach an unnamed container port 3000', () => {
    const unnamed = DEPLOYMENT.replace('[{name: http, containerPort: 3000}]', '[{containerPort: 3000}]');
    const r = check('{selector: {app: web}, ports: [{name: x}]}', unnamed);
    expect(r.status).toBe('fail');
  });

  it('a named targetPort must be on a container with that name AND port 3000', () => {
    const deploy = DEPLOYMENT.replace(
      '        - name: app\n',
      '        - name: side\n          image: busybox:1.36\n          ports: [{name: http, containerPort: 8080}]\n        - name: app\n',
    ).replace('[{name: http, containerPort: 3000}]', '[{name: web, containerPort: 3000}]');
    expect(check('{selector: {app: web}, ports: [{port: 80, targetPort: http}]}', deploy).status).toBe(
      'fail',
    );
    expect(check('{selector: {app: web}, ports: [{port: 80, targetPort: web}]}', deploy).status).toBe('pass');
  });
});

describe('service.selects-pods: kubectl expose without a usable port', () => {
  it('--port that is no number counts as no --port', () => {
    const r = expose('kubectl expose deployment web --port=abc');
    expect(r.status).toBe('fail');
    expect(r.message).toBe('report line 12: kubectl expose deployment web has no --port');
    expect(r.hint).toBe(PORT_HINT);
  });

  it('--target-port alone is the target', () => {
    expect(expose('kubectl expose deployment web --target-port=3000').status).toBe('pass');
  });

  it('an expose without a Deployment: the port decides, the name is not checked', () => {
    const r = expose('kubectl expose deployment web --port=3000', undefined);
    expect(r.status).toBe('pass');
  });

  it('a Service manifest that cannot be read but an expose that can: the expose is graded', () => {
    const r = grade({
      'deployment.yaml': DEPLOYMENT,
      'service.yaml': SERVICE.replace('spec: {', 'spec: {{'),
      'lab4.md': `${HEADER}\n\`\`\`bash\nkubectl expose deployment web --port=3000\n\`\`\`\n`,
    });
    expect(r.status).toBe('pass');
  });
});
