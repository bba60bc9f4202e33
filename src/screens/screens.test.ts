import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScreenshotRead } from '../ocr/types.ts';
import { ocrRead as shot } from '../testing/screenshot-builder.ts';
import { readScreens } from './index.ts';
import { WEAK_CONFIDENCE } from './lines.ts';

// Snippets written here in the shapes real terminal screenshots take through tesseract.js: prompts
// kept, column spacing lost, `@` for 0, `1` for l, em-dashes for dashes (issue 12; /tmp/ocr-corpus).
const PODS = `alex@box:~$ kubectl get pods -o wide

NAME                     READY   STATUS    RESTARTS   AGE   Ip             NODE           NOMINATED NODE   READINESS GATES
web-5d8f7c9b6d-k2x8p 1/1     Running @          42s  192.168.0.65 minikube       <none>           <none>
web-5d8f7c9b6d-q9z4t 1/1     Running 0          42s  192.168.1.O    minikube-m@2  <none>           <none>`;

describe('readScreens: tables', () => {
  it('reads a `get pods -o wide` table through lost spacing and look-alike digits', () => {
    const ev = readScreens([shot('images/pods.png', PODS)]);
    expect(ev.podTables).toHaveLength(1);
    expect(ev.podTables[0]?.rows.map((r) => [r.pod, r.ip, r.node, r.weak, r.line])).toEqual([
      ['web-5d8f7c9b6d-k2x8p', '192.168.0.65', 'minikube', false, 4],
      ['web-5d8f7c9b6d-q9z4t', '192.168.1.0', 'minikube-m02', false, 5],
    ]);
    expect(ev.podTables[0]?.source).toBe('image:images/pods.png');
    // `get pods` is no command the lab model uses (commandsInPlainText keeps only those).
    expect(ev.commands).toEqual([]);
  });

  it('keeps namespaces, and `<none>` as a pod without an address', () => {
    const text = `NAMESPACE   NAME   READY STATUS  RESTARTS AGE  IP  NODE  NOMINATED NODE
default     web-1  0/1   Pending 0        5s   <none>  <none>  <none>
kube-system calico-node-x 1/1 Running 0   9m   192.168.49.2  minikube  <none>`;
    const rows = readScreens([shot('a.png', text)]).podTables[0]?.rows ?? [];
    expect(rows.map((r) => [r.namespace, r.pod, r.ip, r.node])).toEqual([
      ['default', 'web-1', undefined, undefined],
      ['kube-system', 'calico-node-x', '192.168.49.2', 'minikube'],
    ]);
  });

  it('reads `calicoctl get ippools -o wide`: name, CIDR, selector', () => {
    const text = `me@vm:~$ calicoctl get ippool -o wide —-allow-version-mismatch
NAME              CIDR            NAT    IPIPMODE   VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR
rack-a-pool   192.168.0.0/24   true Always    Never      false     false           rack == “a”
rack-b-pool   192.168.1.06/24 true Always    Never      false     false           rack == "b"`;
    const ev = readScreens([shot('pools.png', text)]);
    expect(ev.poolTables[0]?.rows.map((r) => [r.name, r.cidr, r.selector])).toEqual([
      ['rack-a-pool', '192.168.0.0/24', 'rack == "a"'],
      ['rack-b-pool', undefined, 'rack == "b"'],
    ]);
    expect(ev.notes.map((n) => n.message)).toEqual(['pool CIDR `192.168.1.06/24` is not well-formed']);
    expect(ev.commands[0]?.command.source.text).toBe('calicoctl get ippool -o wide --allow-version-mismatch');
  });
});

describe('readScreens: commands and outputs', () => {
  it('finds commands after any prompt, fixing the head and node names', () => {
    const text = `user@host:~$ kubect1 label nodes minikube rack=a
node/minikube labeled
PS C:\\Users\\me\\lab4> kubectl label nodes minikube-m@2 rack=b
node/minikube-m02 labeled
me@mac ~ % calicoctl delete ippools default-ipv4-ippool
Successfully deleted 1 'IPPool' resource(s)
me@vm:               S$ minlikube start --nodes 2 --cnl calico`;
    const ev = readScreens([shot('cmds.png', text)]);
    expect(ev.commands.map((c) => [c.line, c.command.kind, c.command.source.text])).toEqual([
      [1, 'label', 'kubectl label nodes minikube rack=a'],
      [3, 'label', 'kubectl label nodes minikube-m02 rack=b'],
      [5, 'calicoctl', 'calicoctl delete ippools default-ipv4-ippool'],
      [7, 'minikube-start', 'minikube start --nodes 2 --cni calico'],
    ]);
    expect(ev.deletions).toMatchObject([{ line: 6, count: 1, weak: false }]);
  });

  it("joins a command the terminal wrapped, but not the command's output", () => {
    const text = `PS D:\\courses\\distributed-technologies-lab-four-folder\\lab4> kubectl label nodes
demo-m@2 zone=west
node/demo-m02 labeled
me@vm:~$ kubectl delete ippool default-ipv4-ippool
ippool.crd.projectcalico.org "default-ipv4-ippool" deleted`;
    const ev = readScreens([shot('wrap.png', text)]);
    expect(ev.commands.map((c) => c.command.source.text)).toEqual([
      'kubectl label nodes demo-m02 zone=west',
      'kubectl delete ippool default-ipv4-ippool',
    ]);
    expect(ev.deletions).toMatchObject([{ name: 'default-ipv4-ippool', line: 5 }]);
  });

  it('reads a busybox ping transcript: target, address, replies, ttl (tt1), loss', () => {
    const text = `/app # ping 192.168.1.65 -c 2
PING 192.168.1.65 (192.168.1.65): 56 data bytes
64 bytes from 192.168.1.65: seq=0 tt1=62 time=0.434 ms
64 bytes from 192.168.1.65: seq=1 ttl=62 time=0.144 ms
--- 192.168.1.65 ping statistics ---
2 packets transmitted, 2 packets received, 0% packet loss`;
    const ev = readScreens([shot('ping.png', text)]);
    expect(ev.pings).toMatchObject([
      { target: '192.168.1.65', ip: '192.168.1.65', replies: 2, ttl: 62, lossPercent: 0 },
    ]);
    // A ping typed in a pod's shell, with no `kubectl exec` shown before it, is output here, not a command.
    expect(ev.commands).toEqual([]);
  });

  it("reads the app's page: the serving pod, its name wrapped", () => {
    const text = `Hi there!
Container was started by user: someone
Container name is: web-frontend-
5d8f7c9b6d-k2x8p
Container was started with IP: 192.168.O.65`;
    expect(readScreens([shot('page.png', text)]).appPages).toMatchObject([
      { pod: 'web-frontend-5d8f7c9b6d-k2x8p', ip: '192.168.0.65', weak: false, line: 3 },
    ]);
  });

  it('reads the nodes `kubectl get nodes -l key=value` lists', () => {
    const text = `me@mac ~ % kubectl get nodes -1 zone=north
NAME       STATUS   ROLES    AGE     VERSION
minikube-m02   Ready    <none>   5m35s   v1.28.3`;
    expect(readScreens([shot('n.png', text)]).nodeLabels).toMatchObject([
      { key: 'zone', value: 'north', nodes: ['minikube-m02'], weak: false },
    ]);
  });

  it('reads minikube start output lines', () => {
    const text = `me@vm:~$ minikube start --nodes 2 --cni calico
* Starting "minikube" primary control-plane node in "minikube" cluster
* Configuring Calico (Container Networking Interface) ...
* Starting "minikube-m02" worker node in "minikube" cluster`;
    expect(readScreens([shot('s.png', text)]).starts).toMatchObject([{ calico: true, line: 2 }]);
  });
});

describe('readScreens: degraded input gives notes, not evidence', () => {
  it('a low-confidence IP is a weak row with a note', () => {
    const ev = readScreens([shot('images/pods.png', PODS, 90, { '192.168.0.65': 12 })]);
    const rows = ev.podTables[0]?.rows ?? [];
    expect(rows.map((r) => [r.ip, r.weak])).toEqual([
      ['192.168.0.65', true],
      ['192.168.1.0', false],
    ]);
    expect(ev.notes[0]?.message).toMatch(/^weak read of a pod row \(confidence 12\)/);
  });

  it('a garbled address is no evidence at all', () => {
    const text = `NAME  READY STATUS RESTARTS AGE IP NODE
web-1 1/1 Running 0 5s 192.168.060.129 minikube`;
    const ev = readScreens([shot('p.png', text)]);
    expect(ev.podTables[0]?.rows).toEqual([]);
    expect(ev.notes.map((n) => n.message)).toEqual([
      'pod IP `192.168.060.129` is not a well-formed IPv4 address',
    ]);
  });

  it('a low-confidence command is marked weak', () => {
    const ev = readScreens([
      shot('d.png', 'me@vm:~$ calicoctl delete ippool default-ipv4-ippool', 90, { 'default-ipv4-ippool': 9 }),
    ]);
    expect(ev.commands).toMatchObject([{ weak: true, confidence: 9 }]);
    expect(ev.notes).toHaveLength(1);
  });

  it('an image that was not read gives nothing but its entry', () => {
    const unread: ScreenshotRead = { ...shot('x.png', PODS), read: false };
    const ev = readScreens([unread]);
    expect(ev.images).toEqual([{ source: 'image:x.png', image: 'x.png', read: false, confidence: 90 }]);
    expect(ev.podTables).toEqual([]);
  });
});

const IPV4 =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:[0-9]|[12]\d|3[0-2]))?$/;

describe('readScreens: any text', () => {
  it('never throws, and every address it keeps is well-formed and every strong fact well-read', () => {
    const pieces = fc.constantFrom(
      'NAME READY STATUS IP NODE',
      'NAME CIDR SELECTOR',
      '192.168.O.1',
      '1O.2@.3©.4',
      '999.1.1.1',
      '<none>',
      'minikube-m@2',
      'PING x (',
      '64 bytes from ',
      'Container was started with IP:',
      'Container name is:',
      '$ kubectl ',
      '% calicoctl delete ippool ',
      "Successfully deleted 1 'IPPool'",
      '\n',
      ' ',
      '—-',
    );
    const text = fc
      .array(fc.oneof(pieces, fc.string({ maxLength: 12 })), { maxLength: 40 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 100 }), (t, conf) => {
        const ev = readScreens([shot('f.png', t, conf)]);
        const ips = [
          ...ev.podTables.flatMap((x) => x.rows.map((r) => r.ip)),
          ...ev.pings.map((p) => p.ip),
          ...ev.appPages.map((p) => p.ip),
          ...ev.poolTables.flatMap((x) => x.rows.map((r) => r.cidr)),
        ].filter((x): x is string => x !== undefined);
        for (const ip of ips) expect(ip).toMatch(IPV4);
        const facts = [
          ...ev.podTables.flatMap((x) => x.rows),
          ...ev.pings,
          ...ev.appPages,
          ...ev.commands,
          ...ev.deletions,
        ];
        for (const f of facts) if (!f.weak) expect(f.confidence).toBeGreaterThanOrEqual(WEAK_CONFIDENCE);
        for (const r of ev.podTables.flatMap((x) => x.rows))
          if (r.pod) expect(r.pod).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      }),
      { numRuns: 300 },
    );
  });
});
