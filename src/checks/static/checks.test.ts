import { describe, expect, it } from 'vitest';
import { DEPLOYMENT, gradeFiles, POOLS, report } from '../../testing/submission-builder.ts';
import { shownPodIps } from './shown-ips.ts';

const START = 'minikube start --nodes 2 --cni calico';
const LABELS = 'kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=1';
const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
`;
const base = { 'ippool.yaml': POOLS, 'deployment.yaml': DEPLOYMENT, 'service.yaml': SERVICE };

describe('minikube.start-flags', () => {
  it('accepts --network-plugin=cni plus an applied Calico manifest (the seed report, second try)', () => {
    const r = gradeFiles({
      ...base,
      'lab4.md': report(
        'minikube start --nodes 2 --network-plugin cni\nkubectl apply -f https://raw.githubusercontent.com/projectcalico/calico/v3.24.3/manifests/calico.yaml',
      ),
    }).get('minikube.start-flags');
    expect(r?.status).toBe('pass');
  });
  it('names a misspelt CNI and a misspelt flag', () => {
    const typo = gradeFiles({ ...base, 'lab4.md': report('minikube start --nodes 2 --cni=caliico') }).get(
      'minikube.start-flags',
    );
    expect(typo?.status).toBe('fail');
    expect(typo?.message).toContain('--cni=caliico');
    expect(typo?.hint).toContain('--cni=calico');
    const flag = gradeFiles({
      ...base,
      'lab4.md': report('minikube start --nodes 2 --network-plugin-cni'),
    }).get('minikube.start-flags');
    expect(flag?.message).toContain('--network-plugin-cni');
    expect(flag?.hint).toContain('--network-plugin=cni');
  });
  it('grades the LAST start: a later start without Calico fails (two separate clusters)', () => {
    const r = gradeFiles({
      ...base,
      'lab4.md': report('minikube start --network-plugin=cni --cni=calico\nminikube start --nodes 2 -p lab4'),
    });
    expect(r.get('minikube.start-flags')?.status).toBe('fail');
    expect(r.get('minikube.start-flags')?.message).toContain('no `--cni` flag');
  });
  it('fails with a node count other than the rubric asks', () => {
    const r = gradeFiles({ ...base, 'lab4.md': report('minikube start --cni=calico') }).get(
      'minikube.start-flags',
    );
    expect(r?.message).toContain('no `--nodes` flag');
  });
});

describe('labels.match-pools', () => {
  it('says which label and which selector disagree', () => {
    const r = gradeFiles({
      ...base,
      'lab4.md': report(
        `${START}\nkubectl label nodes minikube zone=0\nkubectl label nodes minikube-m02 zone=1`,
      ),
    }).get('labels.match-pools');
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('pool rack-0 (`rack == "0"`) selects no node');
    expect(r?.hint).toContain('selects `rack == "0"` but you labelled minikube `zone=0`');
  });
  it("maps a profile's node names by order and says so", () => {
    const r = gradeFiles({
      ...base,
      'lab4.md': report(
        'minikube start --nodes 2 --cni calico -p multinode-demo\nkubectl label nodes multinode rack=0\nkubectl label nodes multinode-m02 rack=1',
      ),
    }).get('labels.match-pools');
    expect(r?.status).toBe('pass');
    expect(r?.message).toContain('`multinode` taken as multinode-demo');
  });
  it('replays kubectl: relabelling without --overwrite keeps the old value', () => {
    const r = gradeFiles({
      ...base,
      'lab4.md': report(
        `${START}\nkubectl label nodes minikube rack=1\nkubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=1`,
      ),
    }).get('labels.match-pools');
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain("'rack' already has a value (1), and --overwrite is false");
  });
  it('skips a template of the command, naming it', () => {
    const r = gradeFiles({
      ...base,
      'lab4.md': report(`${START}\nkubectl label nodes "node_name" zone="zone_name"`),
    }).get('labels.match-pools');
    expect(r?.status).toBe('skip');
    expect(r?.message).toContain('template');
  });
  it('evaluates selectors on built-in node labels without any label command', () => {
    const pools = POOLS.replace('rack == "0"', 'kubernetes.io/hostname == "minikube"').replace(
      'rack == "1"',
      'kubernetes.io/hostname == "minikube-m02"',
    );
    const r = gradeFiles({ ...base, 'ippool.yaml': pools, 'lab4.md': report(START) }).get(
      'labels.match-pools',
    );
    expect(r?.status).toBe('pass');
  });
});

describe('workload and service checks', () => {
  it('accepts env from a ConfigMap in the submission and rejects a missing key', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: env}\ndata: {user: me}\n';
    const dep = DEPLOYMENT.replace(
      '- {name: REACT_APP_USERNAME, value: me}',
      '- {name: REACT_APP_USERNAME, valueFrom: {configMapKeyRef: {name: env, key: user}}}',
    ).replace(
      '- {name: REACT_APP_COMPANY_NAME, value: itmo}',
      '- {name: REACT_APP_COMPANY_NAME, valueFrom: {configMapKeyRef: {name: env, key: company}}}',
    );
    const r = gradeFiles({ ...base, 'deployment.yaml': dep, 'cm.yaml': cm, 'lab4.md': report(START) }).get(
      'deployment.env',
    );
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain(
      'REACT_APP_COMPANY_NAME comes from ConfigMap env key company, which it lacks',
    );
    expect(r?.message).not.toContain('REACT_APP_USERNAME');
  });
  it('accepts a ReplicaSet in place of a Deployment, noting it', () => {
    const rs = DEPLOYMENT.replace('kind: Deployment', 'kind: ReplicaSet');
    const r = gradeFiles({ ...base, 'deployment.yaml': rs, 'lab4.md': report(START) }).get(
      'deployment.replicas',
    );
    expect(r?.status).toBe('pass');
    expect(r?.message).toContain('ReplicaSet');
  });
  it('resolves a named targetPort through the container ports', () => {
    const r = gradeFiles({
      ...base,
      'service.yaml': SERVICE.replace('targetPort: http', 'targetPort: web'),
      'lab4.md': report(START),
    }).get('service.selects-pods');
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('does not reach container port 3000');
  });
  it('takes `kubectl expose deployment` as the Service', () => {
    const files: Record<string, string> = { 'ippool.yaml': POOLS, 'deployment.yaml': DEPLOYMENT };
    files['lab4.md'] = report(`${START}\nkubectl expose deployment web --type=LoadBalancer --port=3000`);
    expect(gradeFiles(files).get('service.selects-pods')?.status).toBe('pass');
  });
});

describe('pods.shown-ips-in-pools', () => {
  it("fails when the report's own ping shows default-pool addresses (the seed symptom)", () => {
    const out =
      '```\n/frontend # ping 10-244-113-195.svc\nPING 10-244-113-195.svc (10.244.113.195): 56 data bytes\n64 bytes from 10.244.113.195: seq=0 ttl=62 time=0.364 ms\n```\n';
    const r = gradeFiles({ ...base, 'lab4.md': report(`${START}\n${LABELS}`, out) }).get(
      'pods.shown-ips-in-pools',
    );
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('10.244.113.195');
    expect(r?.hint).toContain('calicoctl delete ippool default-ipv4-ippool');
  });
  it('reads `get pods -o wide` tables, skipping kube-system rows', () => {
    const ips = shownPodIps([
      {
        line: 10,
        text: [
          'NAMESPACE     NAME              READY   STATUS    RESTARTS   AGE   IP             NODE           NOMINATED NODE   READINESS GATES',
          'kube-system   calico-node-x     1/1     Running   0          5m    192.168.49.2   minikube       <none>           <none>',
          'default       web-1             1/1     Running   0          5m    192.168.0.68   minikube       <none>           <none>',
          'default       web-2             1/1     Running   0          5m    192.168.1.4    minikube-m02   <none>           <none>',
        ].join('\n'),
      },
    ]);
    expect(ips).toEqual([
      { ip: '192.168.0.68', node: 'minikube', pod: 'web-1', source: 'pods-table', line: 13 },
      { ip: '192.168.1.4', node: 'minikube-m02', pod: 'web-2', source: 'pods-table', line: 14 },
    ]);
  });
  it("fails an IP from the other rack's pool", () => {
    const table =
      '```\nNAME    READY   STATUS    RESTARTS   AGE   IP            NODE           NOMINATED NODE   READINESS GATES\nweb-1   1/1     Running   0          5m    192.168.1.7   minikube       <none>           <none>\n```\n';
    const r = gradeFiles({ ...base, 'lab4.md': report(`${START}\n${LABELS}`, table) }).get(
      'pods.shown-ips-in-pools',
    );
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('is in rack-1 but minikube is selected by rack-0');
  });
});

describe('pods.shown-ips-in-pools counts only pod addresses', () => {
  it('ignores pings to nodes and public hosts (not pod IPs)', () => {
    const out =
      '```\n/frontend # ping 8.8.8.8\nPING 8.8.8.8 (8.8.8.8): 56 data bytes\n64 bytes from 8.8.8.8: seq=0 ttl=112 time=9.1 ms\n$ ping 192.168.49.3\nPING 192.168.49.3 (192.168.49.3): 56 data bytes\n```\n';
    const r = gradeFiles({ ...base, 'lab4.md': report(`${START}\n${LABELS}`, out) }).get(
      'pods.shown-ips-in-pools',
    );
    expect(r?.status).toBe('skip');
    expect(r?.message).toContain('neither in the pools nor in the pod CIDR 10.244.0.0/16');
  });
});

describe('the start that made the cluster', () => {
  it('grades a bare restart of a profile as the full start before it', () => {
    const r = gradeFiles({
      ...base,
      'lab4.md': report(
        'minikube start --nodes 2 --cni calico -p lab\nminikube stop -p lab\nminikube start -p lab',
      ),
    });
    expect(r.get('minikube.start-flags')?.status).toBe('pass');
  });
});
