import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity } from './quantity.ts';

// Suffixes as k8s.io/apimachinery/pkg/api/resource/quantity.go defines them (binary Ki…Ei,
// decimal n…E, decimal exponents).
describe('parseQuantity', () => {
  it('reads cpu in cores and millicores', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('1')).toBe(1);
    expect(parseQuantity('0.25')).toBe(0.25);
    expect(parseQuantity(2)).toBe(2);
  });
  it('reads binary and decimal memory suffixes and exponents', () => {
    expect(parseQuantity('512Mi')).toBe(512 * 2 ** 20);
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('100Ti')).toBe(100 * 2 ** 40);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('3912312Ki')).toBe(3912312 * 1024);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('128974848')).toBe(128974848);
  });
  it('rejects what the apiserver rejects', () => {
    for (const bad of ['', 'lots', '1Gb', '1.2.3', 'Mi', '1 Mi', '--1', null, {}])
      expect(parseQuantity(bad), String(bad)).toBeUndefined();
  });
});

describe('formatQuantity', () => {
  it('prints cpu as cores or millicores and memory with the largest exact binary suffix', () => {
    expect(formatQuantity(1, 'cpu')).toBe('1');
    expect(formatQuantity(1.5, 'cpu')).toBe('1500m');
    expect(formatQuantity(2 ** 30, 'memory')).toBe('1Gi');
    expect(formatQuantity(100 * 2 ** 40, 'memory')).toBe('100Ti');
    expect(formatQuantity(1000, 'memory')).toBe('1000');
  });
});
