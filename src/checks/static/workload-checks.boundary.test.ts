/**
 * Boundary tests of the workload rules (issue 7): each rule on both sides of the line it draws, and the
 * near misses students really commit. Grades in-memory submissions through the whole static pipeline.
 */
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT, gradeFiles, HEADER, POOLS } from '../../testing/submission-builder.ts';

const IMAGE = 'ifilyaninitmo/itdt-contained-frontend:master';

const deployment = (patch: {
  replicas?: string | null;
  image?: string;
  env?: string;
  ports?: string;
  kind?: string;
}) => {
  const replicas =
    patch.replicas === undefined
      ? '  replicas: 2\n'
      : patch.replicas === null
        ? ''
        : `  replicas: ${patch.replicas}\n`;
  const env =
    patch.env ??
    `          env:
            - {name: REACT_APP_USERNAME, value: me}
            - {name: REACT_APP_COMPANY_NAME, value: itmo}
`;
  return `apiVersion: apps/v1
kind: ${patch.kind ?? 'Deployment'}
metadata: {name: web}
spec:
${replicas}  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: ${patch.image ?? IMAGE}
          ports: ${patch.ports ?? '[{name: http, containerPort: 3000}]'}
${env}`;
};

const grade = (files: Record<string, string>, id: string) => {
  const r = gradeFiles({ 'lab4.md': HEADER, 'ippool.yaml': POOLS, ...files }).get(id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
};

describe('deployment.replicas at its boundaries', () => {
  it.each([
    ['1', 'fail'],
    ['2', 'pass'],
    ['3', 'fail'],
    ['0', 'fail'],
  ])('replicas: %s -> %s', (replicas, status) => {
    const r = grade({ 'deployment.yaml': deployment({ replicas }) }, 'deployment.replicas');
    expect(r.status).toBe(status);
    expect(r.evidence).toMatchObject({ replicas: Number(replicas) });
  });

  it('a Deployment without replicas: is 1 replica (the Kubernetes default), not 2', () => {
    const r = grade({ 'deployment.yaml': deployment({ replicas: null }) }, 'deployment.replicas');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('no replicas field (defaults to 1)');
    expect(r.evidence).toMatchObject({ replicas: null });
    expect(r.hint).toBe('Set `spec.replicas: 2`.');
  });

  it('a quoted "2" is not the number 2 (the API server rejects it)', () => {
    const r = grade({ 'deployment.yaml': deployment({ replicas: '"2"' }) }, 'deployment.replicas');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('replicas: "2"');
  });

  it('passes 2 replicas and names the kind; a ReplicaSet passes with a note', () => {
    const ok = grade({ 'deployment.yaml': DEPLOYMENT }, 'deployment.replicas');
    expect(ok.status).toBe('pass');
    expect(ok.message).toBe('deployment.yaml:1 Deployment web runs 2 replicas');
    const rs = grade({ 'rs.yaml': deployment({ kind: 'ReplicaSet' }) }, 'deployment.replicas');
    expect(rs.status).toBe('pass');
    expect(rs.message).toContain('(a ReplicaSet; the lab asks for a Deployment)');
  });

  it('fails as not shown without any workload manifest', () => {
    const r = grade({}, 'deployment.replicas');
    expect(r.status).toBe('fail');
    expect(r.evidence).toMatchObject({ notShown: true });
    expect(r.hint).toContain(`${IMAGE} with 2 replicas`);
  });
});

describe('deployment.image at its boundaries', () => {
  it.each([
    [IMAGE, 'pass'],
    [`docker.io/${IMAGE}`, 'pass'],
    [`index.docker.io/${IMAGE}`, 'pass'],
    [`registry-1.docker.io/${IMAGE}`, 'pass'],
    ['ifilyaninitmo/itdt-contained-frontend:latest', 'fail'],
    ['ifilyaninitmo/itdt-contained-frontend:main', 'fail'],
    ['ifilyaninitmo/itdt-contained-frontend', 'fail'],
    ['ifilyaninitmo/itdt-contained-frontend:master-1', 'fail'],
    ['ifilyaninitmo/itdt-contained-frontend:Master', 'fail'],
    [`ghcr.io/${IMAGE}`, 'fail'],
    [`quay.io/${IMAGE}`, 'fail'],
    [`docker.io/library/${IMAGE}`, 'fail'],
    [`${IMAGE}@sha256:0123`, 'fail'],
    ['ifilyaninitmo/itdt-contained-frontend-x:master', 'fail'],
    ['itdt-contained-frontend:master', 'fail'],
  ])('%s -> %s', (image, status) => {
    const r = grade({ 'deployment.yaml': deployment({ image }) }, 'deployment.image');
    expect(r.status).toBe(status);
    expect(r.evidence).toMatchObject({ images: [image] });
  });

  it('the failure quotes the image it found and the one wanted', () => {
    const r = grade(
      { 'deployment.yaml': deployment({ image: 'ifilyaninitmo/itdt-contained-frontend:latest' }) },
      'deployment.image',
    );
    expect(r.message).toBe(
      `deployment.yaml:1 Deployment web runs \`ifilyaninitmo/itdt-contained-frontend:latest\`, not \`${IMAGE}\``,
    );
    expect(r.hint).toBe(`Set the container image to \`${IMAGE}\` (exactly, tag included).`);
  });

  it('one matching container of several is enough (a sidecar does not fail it)', () => {
    const two = deployment({}).replace(
      '        - name: app\n',
      '        - name: side\n          image: busybox:1.36\n        - name: app\n',
    );
    const r = grade({ 'deployment.yaml': two }, 'deployment.image');
    expect(r.status).toBe('pass');
    expect(r.message).toBe(`deployment.yaml:1 runs ${IMAGE}`);
  });

  it('a container without an image reads as no image', () => {
    const r = grade(
      { 'deployment.yaml': deployment({}).replace(`          image: ${IMAGE}\n`, '') },
      'deployment.image',
    );
    expect(r.status).toBe('fail');
    expect(r.evidence).toMatchObject({ images: [] });
  });

  it('grades the Deployment running the lab image when there are several', () => {
    const other = deployment({ image: 'nginx:1.27', replicas: '1' }).replace('name: web', 'name: other');
    const r = gradeFiles({
      'lab4.md': HEADER,
      'a.yaml': other,
      'b.yaml': deployment({}),
    });
    expect(r.get('deployment.image')?.status).toBe('pass');
    expect(r.get('deployment.replicas')?.status).toBe('pass');
  });
});

describe('deployment.env at its boundaries', () => {
  const env = (...items: string[]) => `          env:\n${items.map((i) => `            - ${i}\n`).join('')}`;
  const USER = '{name: REACT_APP_USERNAME, value: me}';
  const COMPANY = '{name: REACT_APP_COMPANY_NAME, value: itmo}';

  it('both set non-empty: pass, saying how each was set', () => {
    const r = grade({ 'deployment.yaml': deployment({ env: env(USER, COMPANY) }) }, 'deployment.env');
    expect(r.status).toBe('pass');
    expect(r.message).toBe('REACT_APP_USERNAME and REACT_APP_COMPANY_NAME set (value, value)');
  });

  it.each([
    ['an empty string', '{name: REACT_APP_COMPANY_NAME, value: ""}', 'REACT_APP_COMPANY_NAME is empty'],
    ['only spaces', '{name: REACT_APP_COMPANY_NAME, value: "  "}', 'REACT_APP_COMPANY_NAME is empty'],
    ['no value', '{name: REACT_APP_COMPANY_NAME}', 'REACT_APP_COMPANY_NAME has no value'],
    ['a null value', '{name: REACT_APP_COMPANY_NAME, value: null}', 'REACT_APP_COMPANY_NAME has no value'],
    [
      'a number',
      '{name: REACT_APP_COMPANY_NAME, value: 42}',
      'REACT_APP_COMPANY_NAME has a non-string value',
    ],
    [
      'a typo in the name',
      '{name: REACT_APP_COMPANYNAME, value: itmo}',
      'REACT_APP_COMPANY_NAME is not set (found `REACT_APP_COMPANYNAME`: a typo?)',
    ],
    ['another name', '{name: COMPANY, value: itmo}', 'REACT_APP_COMPANY_NAME is not set'],
  ])('company as %s fails', (_what, item, why) => {
    const r = grade({ 'deployment.yaml': deployment({ env: env(USER, item) }) }, 'deployment.env');
    expect(r.status).toBe('fail');
    expect(r.message).toContain(why);
    expect(r.message).not.toContain('REACT_APP_USERNAME');
    expect(r.message.startsWith('deployment.yaml:1 container app: ')).toBe(true);
  });

  it('missing both lists both problems and the hint names the second variable', () => {
    const r = grade({ 'deployment.yaml': deployment({ env: '' }) }, 'deployment.env');
    expect(r.message).toBe(
      'deployment.yaml:1 container app: REACT_APP_USERNAME is not set; REACT_APP_COMPANY_NAME is not set',
    );
    expect(r.hint).toContain('add `- name: REACT_APP_USERNAME`');
    expect(r.hint).toContain('the same for REACT_APP_COMPANY_NAME');
  });

  const CM = `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {REACT_APP_COMPANY_NAME: itmo, company: itmo}
`;
  const SECRET = `apiVersion: v1
kind: Secret
metadata: {name: sec}
stringData: {user: me}
`;

  it('valueFrom a ConfigMap key / Secret key in the submission passes', () => {
    const r = grade(
      {
        'deployment.yaml': deployment({
          env: env(
            '{name: REACT_APP_USERNAME, valueFrom: {secretKeyRef: {name: sec, key: user}}}',
            '{name: REACT_APP_COMPANY_NAME, valueFrom: {configMapKeyRef: {name: cfg, key: company}}}',
          ),
        }),
        'cm.yaml': CM,
        'secret.yaml': SECRET,
      },
      'deployment.env',
    );
    expect(r.status).toBe('pass');
    expect(r.message).toBe(
      'REACT_APP_USERNAME and REACT_APP_COMPANY_NAME set (Secret sec/user, ConfigMap cfg/company)',
    );
  });

  it('valueFrom a ConfigMap that is missing, or lacks the key, fails', () => {
    const missing = grade(
      {
        'deployment.yaml': deployment({
          env: env(
            USER,
            '{name: REACT_APP_COMPANY_NAME, valueFrom: {configMapKeyRef: {name: nope, key: c}}}',
          ),
        }),
        'cm.yaml': CM,
      },
      'deployment.env',
    );
    expect(missing.status).toBe('fail');
    expect(missing.message).toContain('comes from ConfigMap nope, which is not in the submission');
    const noKey = grade(
      {
        'deployment.yaml': deployment({
          env: env(
            USER,
            '{name: REACT_APP_COMPANY_NAME, valueFrom: {configMapKeyRef: {name: cfg, key: nope}}}',
          ),
        }),
        'cm.yaml': CM,
      },
      'deployment.env',
    );
    expect(noKey.status).toBe('fail');
    expect(noKey.message).toContain('comes from ConfigMap cfg key nope, which it lacks');
    const secret = grade(
      {
        'deployment.yaml': deployment({
          env: env(
            USER,
            '{name: REACT_APP_COMPANY_NAME, valueFrom: {secretKeyRef: {name: cfg, key: company}}}',
          ),
        }),
        'cm.yaml': CM,
      },
      'deployment.env',
    );
    expect(secret.status).toBe('fail');
    expect(secret.message).toContain('comes from Secret cfg, which is not in the submission');
  });

  it('valueFrom a field (fieldRef) passes without a ConfigMap', () => {
    const r = grade(
      {
        'deployment.yaml': deployment({
          env: env(USER, '{name: REACT_APP_COMPANY_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}'),
        }),
      },
      'deployment.env',
    );
    expect(r.status).toBe('pass');
    expect(r.message).toContain('(value, valueFrom field)');
  });

  it('envFrom a ConfigMap holding the key passes; one without the key, or another ConfigMap, fails', () => {
    const envFrom = (ref: string) =>
      deployment({ env: `${env(USER)}          envFrom:\n            - ${ref}\n` });
    const ok = grade(
      { 'deployment.yaml': envFrom('{configMapRef: {name: cfg}}'), 'cm.yaml': CM },
      'deployment.env',
    );
    expect(ok.status).toBe('pass');
    expect(ok.message).toContain('envFrom ConfigMap cfg');
    const other = grade(
      { 'deployment.yaml': envFrom('{configMapRef: {name: x}}'), 'cm.yaml': CM },
      'deployment.env',
    );
    expect(other.status).toBe('fail');
    const secretRef = grade(
      { 'deployment.yaml': envFrom('{secretRef: {name: sec}}'), 'secret.yaml': SECRET },
      'deployment.env',
    );
    expect(secretRef.status).toBe('fail');
    const secretOk = grade(
      {
        'deployment.yaml': envFrom('{secretRef: {name: sec}}'),
        'secret.yaml': SECRET.replace('user: me', 'REACT_APP_COMPANY_NAME: itmo'),
      },
      'deployment.env',
    );
    expect(secretOk.status).toBe('pass');
    expect(secretOk.message).toContain('envFrom Secret sec');
  });

  it('reads the env of the container running the lab image, not a sidecar', () => {
    const two = deployment({}).replace(
      '        - name: app\n',
      '        - name: side\n          image: busybox:1.36\n          env: [{name: X, value: y}]\n        - name: app\n',
    );
    const r = grade({ 'deployment.yaml': two }, 'deployment.env');
    expect(r.status).toBe('pass');
    expect(r.evidence).toMatchObject({ container: 'app' });
  });
});

describe('service.selects-pods at its boundaries', () => {
  const service = (spec: string) => `apiVersion: v1
kind: Service
metadata: {name: web}
spec: ${spec}
`;
  const check = (svc: string, deploy = DEPLOYMENT) =>
    grade({ 'deployment.yaml': deploy, 'service.yaml': service(svc) }, 'service.selects-pods');

  it.each([
    ['targetPort 3000', '{selector: {app: web}, ports: [{port: 80, targetPort: 3000}]}', 'pass'],
    ['targetPort 2999', '{selector: {app: web}, ports: [{port: 80, targetPort: 2999}]}', 'fail'],
    ['targetPort 3001', '{selector: {app: web}, ports: [{port: 80, targetPort: 3001}]}', 'fail'],
    ['targetPort "3000"', '{selector: {app: web}, ports: [{port: 80, targetPort: "3000"}]}', 'pass'],
    ['targetPort "3001"', '{selector: {app: web}, ports: [{port: 80, targetPort: "3001"}]}', 'fail'],
    ['port 3000 without targetPort', '{selector: {app: web}, ports: [{port: 3000}]}', 'pass'],
    ['port 80 without targetPort', '{selector: {app: web}, ports: [{port: 80}]}', 'fail'],
    ['named targetPort http', '{selector: {app: web}, ports: [{port: 80, targetPort: http}]}', 'pass'],
    ['unknown port name', '{selector: {app: web}, ports: [{port: 80, targetPort: web}]}', 'fail'],
    ['no ports', '{selector: {app: web}}', 'fail'],
    ['no selector', '{ports: [{port: 80, targetPort: 3000}]}', 'fail'],
    ['a wrong selector value', '{selector: {app: web2}, ports: [{port: 80, targetPort: 3000}]}', 'fail'],
    [
      'a selector key the pods lack',
      '{selector: {app: web, tier: x}, ports: [{port: 80, targetPort: 3000}]}',
      'fail',
    ],
    [
      'one good port of two',
      '{selector: {app: web}, ports: [{port: 80, targetPort: 81}, {port: 81, targetPort: 3000}]}',
      'pass',
    ],
  ])('%s -> %s', (_what, svc, status) => {
    expect(check(svc).status).toBe(status);
  });

  it('a named targetPort that names a container port other than 3000 fails', () => {
    const deploy = DEPLOYMENT.replace(
      'ports: [{name: http, containerPort: 3000}]',
      'ports: [{name: http, containerPort: 8080}, {name: app, containerPort: 3000}]',
    );
    const wrong = check('{selector: {app: web}, ports: [{port: 80, targetPort: http}]}', deploy);
    expect(wrong.status).toBe('fail');
    expect(wrong.message).toContain('port 80 → targetPort http does not reach container port 3000');
    expect(check('{selector: {app: web}, ports: [{port: 80, targetPort: app}]}', deploy).status).toBe('pass');
  });

  it('a numeric selector value matches its string label ("1" == 1)', () => {
    const deploy = DEPLOYMENT.replace('labels: {app: web}', 'labels: {app: web, v: "1"}');
    expect(check('{selector: {v: 1}, ports: [{port: 80, targetPort: 3000}]}', deploy).status).toBe('pass');
  });

  it('says what it selects and what the pods carry, and the hint shows the labels', () => {
    const r = check('{selector: {app: frontend}, ports: [{port: 80, targetPort: 3000}]}');
    expect(r.message).toBe(
      'service.yaml:1 Service web selects app: frontend but the pods are labelled app: web',
    );
    expect(r.hint).toContain("Make the Service's `spec.selector` equal the pod template labels (app: web)");
    const none = check('{ports: [{port: 80}]}');
    expect(none.message).toBe(
      'service.yaml:1 Service web has no selector; port 80 → targetPort 80 (default) does not reach container port 3000',
    );
  });

  it('a Service without any Deployment has nothing to select', () => {
    const r = grade(
      { 'service.yaml': service('{selector: {app: web}, ports: [{port: 3000}]}') },
      'service.selects-pods',
    );
    expect(r.status).toBe('fail');
    expect(r.message).toContain('has nothing to select (no Deployment)');
  });

  it('no Service and no expose: not shown', () => {
    const r = grade({ 'deployment.yaml': DEPLOYMENT }, 'service.selects-pods');
    expect(r.status).toBe('fail');
    expect(r.evidence).toMatchObject({ notShown: true });
  });

  describe('kubectl expose', () => {
    const expose = (cmd: string) =>
      grade(
        { 'deployment.yaml': DEPLOYMENT, 'lab4.md': `${HEADER}\n\`\`\`bash\n${cmd}\n\`\`\`\n` },
        'service.selects-pods',
      );
    it.each([
      ['kubectl expose deployment web --port=3000', 'pass'],
      ['kubectl expose deployment web --port 3000', 'pass'],
      ['kubectl expose deploy/web --port=3000', 'pass'],
      ['kubectl expose deployments web --port=3000', 'pass'],
      ['kubectl expose deployment web --port=80 --target-port=3000', 'pass'],
      ['kubectl expose deployment web --port=80 --target-port=http', 'pass'],
      ['kubectl expose deployment web --port=80 --target-port=web', 'fail'],
      ['kubectl expose deployment web --port=3001', 'fail'],
      ['kubectl expose deployment web --port=3000 --target-port=2999', 'fail'],
      ['kubectl expose deployment other --port=3000', 'fail'],
      ['kubectl expose deployment web', 'fail'],
    ])('%s -> %s', (cmd, status) => {
      expect(expose(cmd).status).toBe(status);
    });

    // Found by mutation testing: stripping a plural `s` turned `rs` into `r`, so an expose of a
    // ReplicaSet by its short name was graded as no Service at all.
    it.each([
      ['kubectl expose rs web --port=3000'],
      ['kubectl expose replicasets web --port=3000'],
      ['kubectl expose RS/web --port=3000'],
    ])('%s reaches the pods of a ReplicaSet named web', (cmd) => {
      const r = grade(
        {
          'replicaset.yaml': DEPLOYMENT.replace('kind: Deployment', 'kind: ReplicaSet'),
          'lab4.md': `${HEADER}\n\`\`\`bash\n${cmd}\n\`\`\`\n`,
        },
        'service.selects-pods',
      );
      expect(r.status, r.message).toBe('pass');
    });

    it('an expose of a pod or a service does not count', () => {
      const r = expose('kubectl expose pod web --port=3000');
      expect(r.status).toBe('fail');
      expect(r.evidence).toMatchObject({ notShown: true });
    });

    it('names the wrong target and the wrong deployment', () => {
      expect(expose('kubectl expose deployment web --port=3001').message).toBe(
        'report line 12: kubectl expose deployment web targets port 3001, not 3000',
      );
      expect(expose('kubectl expose deployment other --port=3000').message).toBe(
        'report line 12: kubectl expose deployment other exposes deployment other, but the Deployment is web',
      );
      expect(expose('kubectl expose deployment web').message).toBe(
        'report line 12: kubectl expose deployment web has no --port',
      );
    });
  });
});

describe('service.selects-pods: named ports across containers', () => {
  it('a named targetPort found on the second container passes', () => {
    const deploy = DEPLOYMENT.replace(
      '        - name: app\n',
      '        - name: side\n          image: busybox:1.36\n        - name: app\n',
    );
    const svc =
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}\n';
    expect(grade({ 'deployment.yaml': deploy, 'service.yaml': svc }, 'service.selects-pods').status).toBe(
      'pass',
    );
  });
});
