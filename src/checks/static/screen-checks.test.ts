import { describe, expect, it } from 'vitest';
import { deriveFacts } from '../../lab/facts.ts';
import type { ScreenshotRead } from '../../ocr/types.ts';
import { defaultRubric } from '../../rubric/rubric.ts';
import { buildSubmission } from '../../submission/read.ts';
import { ocrRead as shot } from '../../testing/screenshot-builder.ts';
import { DEPLOYMENT, gradeFiles, HEADER, POOLS, report, SERVICE } from '../../testing/submission-builder.ts';
import type { CheckResult } from '../types.ts';
import { runStaticChecks } from './index.ts';

/** Grades in-memory files with OCR results for their screenshots (deriveFacts takes the texts). */
function gradeWithScreens(files: Record<string, string>, shots: ScreenshotRead[]): Map<string, CheckResult> {
  const submission = buildSubmission(
    '/sub',
    '/sub',
    Object.entries(files).map(([path, text]) => ({ path, text, size: Buffer.byteLength(text) })),
  );
  return new Map(runStaticChecks(deriveFacts(submission, defaultRubric, shots)).map((r) => [r.id, r]));
}

// A report that shows its work only as screenshots: no command as text.
const FILES = {
  'README.md': `${HEADER}\n![pods](images/pods.png)\n`,
  'ippool.yaml': POOLS,
  'deployment.yaml': DEPLOYMENT,
  'service.yaml': SERVICE,
};

const podsShot = (ip0: string, ip1: string, low: Record<string, number> = {}) =>
  shot(
    'images/pods.png',
    `me@vm:~$ kubectl get pods -o wide
NAME                  READY   STATUS    RESTARTS   AGE   IP   NODE   NOMINATED NODE   READINESS GATES
web-7d4b9c8f5-abcde 1/1     Running 0          2m   ${ip0}  minikube       <none>   <none>
web-7d4b9c8f5-fghij 1/1     Running 0          2m   ${ip1}  minikube-m@2  <none>   <none>`,
    90,
    low,
  );

describe('static checks on screenshot evidence', () => {
  it('pod IPs a screenshot shows outside the pools fail pods.shown-ips-in-pools, naming the image', () => {
    const r = gradeWithScreens(FILES, [podsShot('10.244.120.65', '10.244.205.1')]).get(
      'pods.shown-ips-in-pools',
    );
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain(
      '10.244.120.65 (shown in screenshot images/pods.png, pod web-7d4b9c8f5-abcde on minikube)',
    );
    expect(r?.evidence).toMatchObject({ fromScreens: true, images: ['images/pods.png'] });
  });

  it('pod IPs in the pools pass, in the pool of their node once labels are shown', () => {
    const labels = shot(
      'images/labels.png',
      `me@vm:~$ kubectl label nodes minikube rack=0\nnode/minikube labeled\nme@vm:~$ kubectl label nodes minikube-m@2 rack=1`,
    );
    const ok = gradeWithScreens(FILES, [podsShot('192.168.0.5', '192.168.1.7'), labels]);
    expect(ok.get('pods.shown-ips-in-pools')?.status).toBe('pass');
    expect(ok.get('pods.shown-ips-in-pools')?.message).toBe(
      '2 pod IP(s) shown in screenshot images/pods.png lie in the rack pools: 192.168.0.5, 192.168.1.7',
    );
    expect(ok.get('labels.match-pools')?.status).toBe('pass');
    expect(ok.get('labels.match-pools')?.message).toContain('(labels shown in screenshot images/labels.png)');
    const swapped = gradeWithScreens(FILES, [podsShot('192.168.1.5', '192.168.0.7'), labels]);
    expect(swapped.get('pods.shown-ips-in-pools')?.status).toBe('fail');
  });

  it('weakly read rows are notes: no pass rests on them', () => {
    const r = gradeWithScreens(FILES, [
      podsShot('192.168.0.5', '192.168.1.7', { '192.168.0.5': 10, '192.168.1.7': 20 }),
    ]);
    expect(r.get('pods.shown-ips-in-pools')?.status).toBe('skip');
    expect(r.get('pods.shown-ips-in-pools')?.message).toContain('2 weakly read row(s) not counted');
  });

  it("the report's text wins over a screenshot", () => {
    const files = {
      ...FILES,
      'README.md': `${report('kubectl get pods -o wide', '```\nNAME    READY   STATUS    RESTARTS   AGE   IP            NODE\nweb-1   1/1     Running   0          1m    192.168.0.9   minikube\n```\n')}`,
    };
    const r = gradeWithScreens(files, [podsShot('10.244.120.65', '10.244.205.1')]).get(
      'pods.shown-ips-in-pools',
    );
    expect(r?.status).toBe('pass');
    expect(r?.message).not.toContain('screenshot');
  });

  it('the default pool deleted in a screenshot passes pools.default-removed; a weak read does not', () => {
    const del = (low: Record<string, number> = {}) =>
      shot(
        'images/delete.png',
        `me@mac ~ % calicoctl delete ippools default-ipv4-ippool --allow-version-mismatch\nSuccessfully deleted 1 'IPPool' resource(s)`,
        90,
        low,
      );
    const ok = gradeWithScreens(FILES, [del()]).get('pools.default-removed');
    expect(ok?.status).toBe('pass');
    expect(ok?.message).toBe(
      'shown in screenshot images/delete.png: `calicoctl delete ippools default-ipv4-ippool --allow-version-mismatch` deletes default-ipv4-ippool',
    );
    const weak = gradeWithScreens(FILES, [del({ 'default-ipv4-ippool': 12 })]).get('pools.default-removed');
    expect(weak?.status).toBe('fail');
    expect(weak?.evidence).toMatchObject({ notShown: true });
    expect(weak?.message).toContain('is a weak read (confidence 12)');
  });

  it('a pool listing without the default pool shows it deleted', () => {
    const list = shot(
      'images/pools.png',
      `me@vm:~$ calicoctl get ippool -o wide\nNAME     CIDR             NAT   IPIPMODE  VXLANMODE  DISABLED  SELECTOR\nrack-0   192.168.0.0/24   true  Always    Never      false     rack == "0"\nrack-1   192.168.1.0/24   true  Always    Never      false     rack == "1"`,
    );
    expect(gradeWithScreens(FILES, [list]).get('pools.default-removed')?.message).toBe(
      'shown in screenshot images/pools.png: the pools listed are rack-0, rack-1, without default-ipv4-ippool',
    );
  });

  it('a `minikube start` in a screenshot is graded like one in the text, and named', () => {
    const start = shot(
      'images/start.png',
      'me@vm:~$ minlikube start --nodes 2 --cnl calico\n* minikube v1.32.0 on Ubuntu',
    );
    const r = gradeWithScreens(FILES, [start]).get('minikube.start-flags');
    expect(r?.status).toBe('pass');
    expect(r?.message).toMatch(/^shown in screenshot images\/start\.png: 2 nodes with Calico/);
    const bad = shot('images/start.png', 'me@vm:~$ minikube start --nodes 2');
    expect(gradeWithScreens(FILES, [bad]).get('minikube.start-flags')?.status).toBe('fail');
  });

  it('with no screenshots read (--no-ocr), the grade is the text-only grade', () => {
    const text = gradeFiles(FILES);
    const none = gradeWithScreens(FILES, []);
    expect([...none.values()]).toEqual([...text.values()]);
    const unread = gradeWithScreens(FILES, [{ ...podsShot('10.244.1.1', '10.244.2.2'), read: false }]);
    expect([...unread.values()].map((c) => [c.id, c.status, c.message])).toEqual(
      [...text.values()].map((c) => [c.id, c.status, c.message]),
    );
  });

  it('deliberately degraded screenshots give notes, never passes', () => {
    const garbled = [
      shot('a.png', 'me@vm:~$ ca1ico delete ippool defau1t-ipv4-ipp0ol', 40),
      shot(
        'b.png',
        'NAME READY STATUS RESTARTS AGE IP NODE\nweb-1 1/1 Running 0 1m 192.168.O60.5 minikube',
        80,
      ),
      shot('c.png', 'me@vm:~$ minikube start --nodes 2 --cni calico', 90, {
        '--nodes': 5,
        '2': 5,
        calico: 8,
        start: 9,
      }),
      shot('d.png', 'Container was started with IP: 192.168.0.5', 15),
    ];
    const r = gradeWithScreens(FILES, garbled);
    for (const id of [
      'pools.default-removed',
      'pods.shown-ips-in-pools',
      'minikube.start-flags',
      'labels.match-pools',
    ])
      expect(r.get(id)?.status, id).not.toBe('pass');
    expect([...r.values()].some((c) => c.status === 'error')).toBe(false);
  });
});
