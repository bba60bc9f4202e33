import { describe, expect, it } from 'vitest';
import { lineProgress } from './progress.ts';
import { StepRunner } from './step-runner.ts';

describe('StepRunner', () => {
  it('records ok and failed steps, and skips a step whose prerequisite failed, naming it', async () => {
    let t = 0;
    const lines: string[] = [];
    const runner = new StepRunner(
      lineProgress(
        (s) => lines.push(s),
        () => new Date(Date.UTC(2026, 0, 1, 0, 0, t)),
      ),
      {
        now: () => {
          t += 1;
          return t * 1000;
        },
      },
    );
    await runner.run('cluster', 'provision', [], async () => 'up');
    await runner.run('calico', 'wait for Calico', ['cluster'], async () => {
      throw new Error('timed out after 300s waiting for calico-node Ready; last seen: 0/2 Ready');
    });
    const labels = await runner.run('labels', 'label', ['calico'], async () => 'never runs');
    expect(runner.records.map((r) => [r.name, r.status])).toEqual([
      ['cluster', 'ok'],
      ['calico', 'failed'],
      ['labels', 'skipped'],
    ]);
    expect(labels.detail).toBe(
      'skipped because calico failed: timed out after 300s waiting for calico-node Ready; last seen: 0/2 Ready',
    );
    expect(runner.records[1]?.error).toContain('last seen: 0/2 Ready');
    // CI logs: plain timestamped lines.
    expect(lines[0]).toMatch(/^\[2026-01-01T00:00:\d\dZ\] ▶ cluster: provision\n$/);
    expect(lines.some((l) => /✖ calico \(\d+\.\ds\) timed out/.test(l))).toBe(true);
  });

  it('stop() abandons the running step and skips every later one, each printed once', async () => {
    const lines: string[] = [];
    const runner = new StepRunner(
      lineProgress((s) => lines.push(s)),
      { total: 3 },
    );
    await runner.run('cluster', 'provision', [], async () => 'up');
    const never = new Promise<string>(() => {});
    const pools = runner.run('pools', 'create the pools', ['cluster'], () => never);
    expect(runner.running).toBe('pools');
    runner.stop('interrupted by SIGTERM');
    expect(await pools).toMatchObject({ name: 'pools', status: 'failed', error: 'interrupted by SIGTERM' });
    expect(runner.running).toBeUndefined();
    const collect = await runner.run('collect', 'read', ['cluster'], async () => 'never runs');
    expect(collect).toMatchObject({ status: 'skipped', detail: 'not run: interrupted by SIGTERM' });
    expect(lines.filter((l) => /[✔✖○] pools \(/.test(l))).toEqual([expect.stringContaining('✖ pools')]);
    expect(lines.filter((l) => l.includes('collect'))).toEqual([expect.stringContaining('○ collect')]);
    // Progress shows each started step's position.
    expect(lines[0]).toMatch(/▶ cluster \(1\/3\): provision\n$/);
    expect(lines.some((l) => /▶ pools \(2\/3\): create the pools/.test(l))).toBe(true);
  });
});
