/**
 * The emulated apiserver validates writes as a real one does, driven by the real kubectl v1.32 (which
 * sends `fieldValidation=Strict` by default: docs/reference-facts.md, kube-api-emulation, "kubectl
 * create -f") and over plain HTTP. Sources are cited per case.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasKubectl, startTestApi, type TestApi } from '../test-support/api-server.ts';

const deployment = (container: string, labels = 'app: web', selector = 'app: web') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {${selector}}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
      - name: web
        image: nginx:1
${container}
`;

const PORT_TYPO = deployment('        port:\n        - containerPort: 80');
const PORTS_OK = deployment('        ports:\n        - containerPort: 80');

async function http(
  api: TestApi,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
) {
  const res = await fetch(`${api.server.url}${path}`, {
    method,
    headers: { 'Content-Type': contentType },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    warning: res.headers.get('warning'),
    body: (await res.json()) as Record<string, Any>,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: test bodies are edited freely.
type Any = any;

const DEPLOY = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }] }] },
    },
  },
};
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

describe('validation over HTTP (v1.31)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api.close());

  // Unknown fields: 400 under Strict, `Warning` headers under Warn (the default), dropped under Ignore
  // (https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation; message format from
  // kubernetes/kubernetes test/integration/apiserver/field_validation_test.go).
  it('rejects, warns about or drops an unknown field by fieldValidation', async () => {
    const body = structuredClone(DEPLOY) as Any;
    body.spec.template.spec.containers[0].port = [{ containerPort: 80 }];
    const strict = await http(api, 'POST', `${DEPLOYMENTS}?fieldValidation=Strict`, body);
    expect(strict.status).toBe(400);
    expect(strict.body.reason).toBe('BadRequest');
    expect(strict.body.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].port"',
    );
    const warn = await http(api, 'POST', `${DEPLOYMENTS}?dryRun=All`, body);
    expect(warn.status).toBe(201);
    expect(warn.warning).toBe('299 - "unknown field \\"spec.template.spec.containers[0].port\\""');
    expect(warn.body.spec.template.spec.containers[0].port).toBeUndefined();
    const ignore = await http(api, 'POST', `${DEPLOYMENTS}?dryRun=All&fieldValidation=Ignore`, body);
    expect(ignore.status).toBe(201);
    expect(ignore.warning).toBeNull();
  });

  // A CRD's schema may use the x-kubernetes-* extensions of JSONSchemaProps
  // (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1/types_jsonschema.go: XPreserveUnknownFields,
  // XIntOrString, …), which a real server accepts under Strict; Calico's own CRDs use them.
  it('accepts the x-kubernetes-* schema extensions of a CRD under Strict', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        scope: 'Cluster',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  size: { 'x-kubernetes-int-or-string': true },
                },
              },
            },
          },
        ],
      },
    };
    const res = await http(
      api,
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?fieldValidation=Strict&dryRun=All',
      crd,
    );
    expect(res.body.message).toBeUndefined();
    expect(res.status).toBe(201);
  });

  // The JSON decoder's type error (sigs.k8s.io/json), as a real apiserver answers `replicas: "2"`
  // (the message quoted in the issue threads of helm charts, e.g. `--set replicaCount=abc`).
  it('rejects a string in an int32 field with the decoder error', async () => {
    const body = structuredClone(DEPLOY) as Any;
    body.spec.replicas = '2';
    const r = await http(api, 'POST', DEPLOYMENTS, body);
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    body.spec.replicas = 2;
    body.spec.template.spec.containers[0].ports[0].containerPort = '80';
    const nested = await http(api, 'POST', DEPLOYMENTS, body);
    expect(nested.body.message).toContain(
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
    );
  });

  // pkg/apis/apps/validation/validation.go ValidatePodTemplateSpecForReplicaSet; the value printed
  // with %#v (k8s.io/apimachinery/pkg/util/validation/field/errors.go ErrorBody).
  it('rejects a selector that does not match the template labels (422 Invalid)', async () => {
    const body = structuredClone(DEPLOY) as Any;
    body.spec.template.metadata.labels = { app: 'other' };
    const r = await http(api, 'POST', DEPLOYMENTS, body);
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe('Invalid');
    expect(r.body.message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    );
    expect(r.body.details).toMatchObject({ name: 'web', group: 'apps', kind: 'Deployment' });
    expect(r.body.details.causes[0]).toEqual({
      reason: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      message: 'Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    });
  });

  // k8s.io/apimachinery/pkg/util/validation/validation.go IsValidLabelValue and RegexError.
  it('rejects a label value with a space, on create and on a node label patch', async () => {
    const node = await http(
      api,
      'PATCH',
      '/api/v1/nodes/minikube',
      { metadata: { labels: { rack: 'a b' } } },
      'application/merge-patch+json',
    );
    expect(node.status).toBe(422);
    expect(node.body.message).toBe(
      `Node "minikube" is invalid: metadata.labels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
    expect(api.store.get('nodes', undefined, 'minikube')?.metadata.labels?.rack).toBeUndefined();
  });

  // The apps/v1 strategies forbid a selector change (pkg/registry/apps/deployment/strategy.go
  // ValidateUpdate → apivalidation.ValidateImmutableField: "field is immutable").
  it('rejects a change of a Deployment selector as immutable', async () => {
    expect((await http(api, 'POST', DEPLOYMENTS, DEPLOY)).status).toBe(201);
    const r = await http(
      api,
      'PATCH',
      `${DEPLOYMENTS}/web`,
      {
        spec: {
          selector: { matchLabels: { app: 'web2' } },
          template: { metadata: { labels: { app: 'web2' } } },
        },
      },
      'application/strategic-merge-patch+json',
    );
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });
});

// https://kubernetes.io/docs/reference/using-api/deprecation-guide/#v1-25: policy/v1beta1
// PodDisruptionBudget and PodSecurityPolicy are no longer served from v1.25.
describe('API versions served per Kubernetes version', () => {
  it('serves policy/v1beta1 on v1.24 (with the deprecation warning) and not on v1.25', async () => {
    const old = await startTestApi({ gitVersion: 'v1.24.3' });
    const now = await startTestApi({ gitVersion: 'v1.25.0' });
    try {
      const list = await http(old, 'GET', '/apis/policy/v1beta1');
      expect(list.body.resources.map((r: { name: string }) => r.name)).toEqual([
        'poddisruptionbudgets',
        'poddisruptionbudgets/status',
        'podsecuritypolicies',
      ]);
      const group = await http(old, 'GET', '/apis/policy');
      expect(group.body.preferredVersion.version).toBe('v1');
      const pdb = await http(old, 'GET', '/apis/policy/v1beta1/namespaces/default/poddisruptionbudgets');
      expect(pdb.warning).toBe(
        '299 - "policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget"',
      );
      expect((await fetch(`${now.server.url}/apis/policy/v1beta1`)).status).toBe(404);
      const groups = await http(now, 'GET', '/apis/policy');
      expect(groups.body.versions).toEqual([{ groupVersion: 'policy/v1', version: 'v1' }]);
    } finally {
      await old.close();
      await now.close();
    }
  });
});

describe.skipIf(!hasKubectl)('real kubectl (skipped: /usr/bin/kubectl missing)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api.close());

  // kubectl's default --validate=strict sends fieldValidation=Strict; the real server answers
  // `strict decoding error: unknown field "…"` (issue 11; kubernetes/kubernetes field_validation_test.go).
  it('apply of a Deployment with `port:` instead of `ports:` fails with the strict decoding error', async () => {
    const file = join(api.dir, 'typo.yaml');
    await writeFile(file, PORT_TYPO);
    const r = await api.kubectl(['apply', '-f', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].port"',
    );
    expect(api.store.get('apps/deployments', 'default', 'web')).toBeUndefined();
    const lax = await api.kubectl(['apply', '--validate=warn', '-f', file]);
    expect(lax.exitCode).toBe(0);
    expect(lax.stderr).toContain('Warning: unknown field "spec.template.spec.containers[0].port"');
  });

  it('apply of a changed selector fails as immutable; the correct manifest applies', async () => {
    const file = join(api.dir, 'web.yaml');
    await writeFile(file, PORTS_OK);
    expect((await api.kubectl(['apply', '-f', file])).stdout).toContain('deployment.apps/web');
    await writeFile(
      file,
      deployment('        ports:\n        - containerPort: 80', 'app: web2', 'app: web2'),
    );
    const r = await api.kubectl(['apply', '-f', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}',
    );
    expect(r.stderr).toContain('field is immutable');
  });

  // kubectl maps kinds through discovery: an apiVersion the server does not serve gives
  // `no matches for kind … in version …` (deprecation guide, v1.25 removals).
  it('an old Calico PodDisruptionBudget (policy/v1beta1) fails on v1.31 and applies on v1.24', async () => {
    const pdb = `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: calico-kube-controllers
  namespace: kube-system
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      k8s-app: calico-kube-controllers
`;
    const file = join(api.dir, 'pdb.yaml');
    await writeFile(file, pdb);
    const r = await api.kubectl(['apply', '-f', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"');
    const old = await startTestApi({ gitVersion: 'v1.24.3' });
    try {
      const ok = await old.kubectl(['apply', '-f', join(api.dir, 'pdb.yaml')]);
      expect(ok.stderr).toContain('Warning: policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+');
      expect(ok.stdout).toContain('poddisruptionbudget.policy/calico-kube-controllers created');
    } finally {
      await old.close();
    }
  });
});
