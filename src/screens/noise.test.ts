import { describe, expect, it } from 'vitest';
import { fixCommandHead, fixDashes, fixIp, fixNodeName, fixPodName, fixStartFlags } from './noise.ts';

// The confusions are the ones issue 12 measured with tesseract.js on terminal screenshots
// (`minikube-m@2`, `©` for 0, `tt1` for ttl, `kubect1`), and those seen in /tmp/ocr-corpus.
describe('fixIp', () => {
  it('keeps a clean address and reads the digit look-alikes in digit context', () => {
    expect(fixIp('192.168.0.65')).toEqual({ ok: true, value: '192.168.0.65', fixed: false });
    expect(fixIp('192.168.O.65')).toEqual({ ok: true, value: '192.168.0.65', fixed: true });
    expect(fixIp('1O.244.l.2')).toEqual({ ok: true, value: '10.244.1.2', fixed: true });
    expect(fixIp('(192.168.©.1):')).toEqual({ ok: true, value: '192.168.0.1', fixed: true });
    expect(fixIp('192.168.1.0/24')).toEqual({ ok: true, value: '192.168.1.0/24', fixed: false });
  });

  it('calls a malformed address ambiguous instead of guessing', () => {
    expect(fixIp('192.168.060.129')).toEqual({ ok: false, ambiguous: '192.168.060.129' });
    expect(fixIp('192.168.2.06/24')).toEqual({ ok: false, ambiguous: '192.168.2.06/24' });
    expect(fixIp('192.168.300.1')).toEqual({ ok: false, ambiguous: '192.168.300.1' });
    expect(fixIp('10.0.0.1/40')).toEqual({ ok: false, ambiguous: '10.0.0.1/40' });
  });

  it('ignores tokens that are not IP-shaped', () => {
    expect(fixIp('192.168.0.¢5')).toBeUndefined();
    expect(fixIp('v1.28.3')).toBeUndefined();
    expect(fixIp('5m32s')).toBeUndefined();
    expect(fixIp('lll.lll.lll.lll')).toBeUndefined();
  });
});

describe('fixNodeName', () => {
  it('reads the 0 of -m02 whatever OCR made of it', () => {
    for (const t of ['minikube-m@2', 'minikube-mo2', 'minikube-m©2', 'minikube-m62', 'minikube-m82'])
      expect(fixNodeName(t)).toEqual({ ok: true, value: 'minikube-m02', fixed: true });
    expect(fixNodeName('multinode—-demo-m@2')).toEqual({
      ok: true,
      value: 'multinode-demo-m02',
      fixed: true,
    });
    expect(fixNodeName('minikube')).toEqual({ ok: true, value: 'minikube', fixed: false });
  });

  it('leaves a name it cannot make well-formed ambiguous', () => {
    expect(fixNodeName('lab4-me@2')).toEqual({ ok: false, ambiguous: 'lab4-me@2' });
    expect(fixNodeName('minikube-m@1')).toEqual({ ok: false, ambiguous: 'minikube-m@1' });
    expect(fixNodeName('Mandy,')).toEqual({ ok: false, ambiguous: 'Mandy' });
  });
});

describe('command heads, dashes and flags', () => {
  it('fixes the program name only at the start of the line', () => {
    expect(fixCommandHead('kubect1 get pods')).toBe('kubectl get pods');
    expect(fixCommandHead('Kubectl get 1i1ppools')).toBe('kubectl get 1i1ppools');
    expect(fixCommandHead('minlikube start --nodes 2')).toBe('minikube start --nodes 2');
    expect(fixCommandHead('echo kubect1')).toBe('echo kubect1');
  });

  it('reads em-dashes as the dashes of flags', () => {
    expect(fixDashes('calicoctl create —f a.yaml ——allow-version-mismatch')).toBe(
      'calicoctl create -f a.yaml --allow-version-mismatch',
    );
    expect(fixDashes('kubectl exec p —-- ping x')).toBe('kubectl exec p -- ping x');
  });

  it('fixes a minikube start flag only to a flag minikube has', () => {
    expect(fixStartFlags('minikube start --nodes 2 --cnl calico')).toBe(
      'minikube start --nodes 2 --cni calico',
    );
    expect(fixStartFlags('minikube start --n0des 2')).toBe('minikube start --n0des 2');
    expect(fixStartFlags('kubectl get --cnl')).toBe('kubectl get --cnl');
  });

  it('accepts only DNS-1123 pod names', () => {
    expect(fixPodName('web-6c6985d85c-x527f')).toEqual({
      ok: true,
      value: 'web-6c6985d85c-x527f',
      fixed: false,
    });
    expect(fixPodName('web-6c6985d85¢c-x527f').ok).toBe(false);
    expect(fixPodName('web-59855FF76-b6rbr').ok).toBe(false);
  });
});
