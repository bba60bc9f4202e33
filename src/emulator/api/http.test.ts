/**
 * Protocol details checked with plain HTTP: discovery shapes, OpenAPI, Status errors, watch resume
 * and 410 Expired, dryRun, Tables (docs/reference-facts.md, kube-api-emulation).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../store/memory-store.ts';
import { startTestApi, type TestApi } from '../test-support/api-server.ts';
import { startApiServer } from './server.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text, json: () => JSON.parse(text) };
}

describe('discovery and OpenAPI', () => {
  it('serves legacy discovery with application/json and lists subresources', async () => {
    const v = await call('GET', '/version');
    expect(v.json()).toMatchObject({ major: '1', minor: '31', gitVersion: 'v1.31.0' });
    const core = await call('GET', '/api/v1');
    expect(core.type).toBe('application/json');
    const names = core.json().resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['pods', 'pods/exec', 'pods/log', 'pods/status', 'nodes', 'services']),
    );
    const pods = core.json().resources.find((r: { name: string }) => r.name === 'pods');
    expect(pods).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'] });
    const groups = (await call('GET', '/apis')).json().groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['apps', 'crd.projectcalico.org', 'discovery.k8s.io']));
    const apps = (await call('GET', '/apis/apps/v1')).json();
    expect(apps.resources.find((r: { name: string }) => r.name === 'deployments/scale')).toMatchObject({
      group: 'autoscaling',
      kind: 'Scale',
    });
  });

  it('answers /openapi/v2 with an empty protobuf body and /openapi/v3 with 404', async () => {
    const v2 = await call('GET', '/openapi/v2');
    expect([v2.status, v2.type, v2.text]).toEqual([
      200,
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
      '',
    ]);
    expect((await call('GET', '/openapi/v3')).status).toBe(404);
  });
});

describe('errors as Status', () => {
  it('unknown paths are 404 NotFound Status; wrong verbs are 405', async () => {
    const r = await call('GET', '/api/v1/widgets');
    expect([r.status, r.type]).toEqual([404, 'application/json']);
    expect(r.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
    const m = await call('POST', '/api/v1/nodes/minikube', {});
    expect([m.status, m.json().reason]).toEqual([405, 'MethodNotAllowed']);
    const u = await call('PATCH', '/api/v1/nodes/minikube', {}, { 'Content-Type': 'text/plain' });
    expect([u.status, u.json().reason]).toEqual([415, 'UnsupportedMediaType']);
  });

  it('an unknown field selector is 400 like the real apiserver', async () => {
    const r = await call('GET', '/api/v1/nodes?fieldSelector=spec.nodeName%3Dx');
    expect([r.status, r.json().message]).toEqual([400, 'field label not supported: spec.nodeName']);
  });

  it('PUT with a name different from the URL is 400', async () => {
    const r = await call('PUT', '/api/v1/nodes/minikube', { metadata: { name: 'other' } });
    expect(r.status).toBe(400);
  });
});

describe('writes', () => {
  it('POST returns 201; dryRun=All does not persist; fieldValidation=Strict is accepted', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry' } };
    const dry = await call(
      'POST',
      '/api/v1/namespaces/default/configmaps?dryRun=All&fieldValidation=Strict',
      body,
    );
    expect(dry.status).toBe(201);
    expect(api.store.get('configmaps', 'default', 'dry')).toBeUndefined();
    const real = await call(
      'POST',
      '/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create&fieldValidation=Strict',
      body,
    );
    expect(real.status).toBe(201);
    expect(api.store.get('configmaps', 'default', 'dry')).toBeDefined();
  });

  it('apply-patch+yaml creates a missing object, then merges', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n';
    const created = await call('PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=x', yaml, {
      'Content-Type': 'application/apply-patch+yaml',
    });
    expect(created.status).toBe(201);
    const merged = await call(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/ssa?fieldManager=x',
      'data:\n  b: "2"\n',
      {
        'Content-Type': 'application/apply-patch+yaml',
      },
    );
    expect([merged.status, merged.json().data]).toEqual([200, { a: '1', b: '2' }]);
  });

  it('the status subresource changes only status, without bumping generation', async () => {
    const r = await call(
      'PATCH',
      '/api/v1/nodes/minikube-m02/status',
      { metadata: { labels: { sneaky: 'x' } }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
      { 'Content-Type': 'application/strategic-merge-patch+json' },
    );
    expect(r.status).toBe(200);
    const node = api.store.get('nodes', undefined, 'minikube-m02')!;
    expect(node.status.conditions).toEqual([{ type: 'Ready', status: 'False', reason: 'KubeletReady' }]);
    expect(node.metadata.labels?.sneaky).toBeUndefined();
    expect(node.metadata.generation).toBe(1);
  });
});

describe('tables over HTTP', () => {
  it('returns a meta.k8s.io/v1 Table for as=Table with includeObject=Object rows', async () => {
    const r = await call('GET', '/api/v1/nodes?includeObject=Object', undefined, {
      Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    const t = r.json();
    expect([t.kind, t.apiVersion]).toEqual(['Table', 'meta.k8s.io/v1']);
    expect(
      t.columnDefinitions
        .filter((c: { priority: number }) => c.priority === 0)
        .map((c: { name: string }) => c.name),
    ).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version']);
    expect(t.rows[0].object.kind).toBe('Node');
  });
});

interface WatchLine {
  type: string;
  object: { metadata?: { name?: string }; code?: number; reason?: string };
}

/** Reads NDJSON watch lines until `count` events arrived or the stream ended. */
function watchLines(
  url: string,
  count: number,
  onEvent: (e: WatchLine[]) => void = () => {},
): Promise<WatchLine[]> {
  return new Promise((resolve, reject) => {
    const events: WatchLine[] = [];
    const req = request(url, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        let nl = buf.indexOf('\n');
        while (nl >= 0) {
          events.push(JSON.parse(buf.slice(0, nl)));
          onEvent(events);
          buf = buf.slice(nl + 1);
          nl = buf.indexOf('\n');
        }
        if (events.length >= count) {
          req.destroy();
          resolve(events);
        }
      });
      res.on('end', () => resolve(events));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('watch over HTTP', () => {
  it('ends with an ERROR event carrying 410 Expired when the resourceVersion is too old', async () => {
    const store = createStore({ eventLogSize: 2 });
    const server = await startApiServer({ store, version: { gitVersion: 'v1.31.0' } });
    try {
      for (const n of ['a', 'b', 'c', 'd', 'e'])
        store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n } });
      const events = await watchLines(`${server.url}/api/v1/configmaps?watch=true&resourceVersion=1`, 1);
      expect(events).toHaveLength(1);
      expect(events[0].type).toBe('ERROR');
      expect(events[0].object).toMatchObject({ code: 410, reason: 'Expired' });
    } finally {
      await server.close();
    }
  });

  it('a field-selected watch reports an object leaving the selection as DELETED', async () => {
    // Once the initial ADDED events are in, web-2 stops matching the selector.
    const events = await watchLines(
      `${api.server.url}/api/v1/namespaces/default/pods?watch=1&fieldSelector=status.phase%3DRunning`,
      3,
      (seen) => {
        if (seen.length === 2)
          api.store.update(
            'pods',
            'default',
            'web-2',
            (p) => {
              p.status.phase = 'Failed';
            },
            { status: true },
          );
      },
    );
    expect(events.map((e) => `${e.type}:${e.object.metadata?.name}`)).toEqual([
      'ADDED:web-1',
      'ADDED:web-2',
      'DELETED:web-2',
    ]);
  });

  it('timeoutSeconds ends the stream', async () => {
    const events = await watchLines(
      `${api.server.url}/api/v1/namespaces/kube-system/pods?watch=true&timeoutSeconds=1`,
      99,
    );
    expect(events).toEqual([]);
  });
});
