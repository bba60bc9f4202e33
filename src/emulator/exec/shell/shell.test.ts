import { describe, expect, it } from 'vitest';
import { labCluster, POD_A } from '../../test-support/lab-cluster.ts';

const sh = async (script: string, stdin?: string) =>
  labCluster().exec(POD_A, ['sh', '-c', script], { stdin });

describe('sh -c', () => {
  it('runs ; && || chains with $? and quoting', async () => {
    const r = await sh(`echo 'a  b' "c $HOSTNAME"; false && echo no || echo "rc=$?"; true && echo yes`);
    expect(r).toEqual({ stdout: `a  b c ${POD_A}\nrc=1\nyes\n`, stderr: '', exitCode: 0 });
  });

  it('reports unknown programs as `sh: X: not found` with status 127', async () => {
    const r = await sh('curl -s http://lab4-service:3000');
    expect(r).toEqual({ stdout: '', stderr: 'sh: curl: not found\n', exitCode: 127 });
  });

  it('pipes output, expands $(…) and loops with for', async () => {
    const r = await sh('for i in $(seq 1 3); do echo "n$i"; done | grep -c n');
    expect(r.stdout).toBe('3\n');
    const words = await sh('X=$(hostname -i); echo "ip=$X"');
    expect(words.stdout).toBe('ip=192.168.0.68\n');
  });

  it('routes redirections: 2>&1, >/dev/null, files of the session', async () => {
    expect((await sh('ping -c 1 nosuch 2>&1')).stdout).toBe("ping: bad address 'nosuch'\n");
    expect(await sh('echo hidden >/dev/null; echo shown')).toMatchObject({ stdout: 'shown\n', exitCode: 0 });
    expect((await sh('echo saved > /tmp/x; cat /tmp/x; ls /tmp')).stdout).toBe('saved\nx\n');
  });

  it('supports if/else, test and exit codes', async () => {
    expect((await sh(`if [ "$(hostname)" = "${POD_A}" ]; then echo same; else echo other; fi`)).stdout).toBe(
      'same\n',
    );
    expect((await sh('exit 3')).exitCode).toBe(3);
  });

  it('reports syntax errors like ash', async () => {
    const r = await sh('echo "unterminated');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^sh: /);
  });

  it('reads a script from stdin when started without -c', async () => {
    const r = await labCluster().exec(POD_A, ['sh'], { stdin: 'hostname\necho done\n' });
    expect(r.stdout).toBe(`${POD_A}\ndone\n`);
  });
});
