import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSimHome, formatSimEnv, SIM_BIN_DIR, simEnv, standInCommand } from './stand-in.ts';

describe('simEnv', () => {
  it('puts the stand-in bin first and keeps state under the home', () => {
    const env = simEnv({ home: '/tmp/sim-home', basePath: `/usr/local/bin${path.delimiter}/usr/bin` });
    expect(env).toEqual({
      PATH: [SIM_BIN_DIR, '/usr/local/bin', '/usr/bin'].join(path.delimiter),
      MINIKUBE_HOME: '/tmp/sim-home/minikube',
      KUBECONFIG: '/tmp/sim-home/kubeconfig',
    });
    expect(path.basename(SIM_BIN_DIR)).toBe('bin');
  });

  it('does not add the bin dir twice', () => {
    const once = simEnv({ home: '/h', basePath: '/usr/bin' });
    const twice = simEnv({ home: '/h', basePath: once.PATH });
    expect(twice.PATH).toBe(once.PATH);
  });

  it('defaults to a per-user temp dir', () => {
    expect(simEnv({ basePath: '' }).MINIKUBE_HOME).toBe(path.join(defaultSimHome(), 'minikube'));
    expect(path.basename(defaultSimHome())).toMatch(/^kube-lab-grader-sim-/);
  });
});

describe('formatSimEnv', () => {
  const env = {
    PATH: '/a/bin:/usr/bin',
    MINIKUBE_HOME: '/h/minikube',
    KUBECONFIG: '/h/$weird"dir/kubeconfig',
  };

  it('prints sh exports like minikube docker-env', () => {
    expect(formatSimEnv(env)).toBe(
      'export PATH="/a/bin:/usr/bin"\nexport MINIKUBE_HOME="/h/minikube"\nexport KUBECONFIG="/h/\\$weird\\"dir/kubeconfig"\n\n' +
        '# To point your shell to the emulated minikube, run:\n# eval $(lab-grader sim env)\n',
    );
  });

  it('supports fish and powershell', () => {
    expect(formatSimEnv(env, 'fish')).toContain('set -gx MINIKUBE_HOME "/h/minikube";');
    expect(formatSimEnv(env, 'powershell')).toContain('$Env:MINIKUBE_HOME = "/h/minikube"');
  });
});

describe('standInCommand', () => {
  // Windows spawns no shebang script: CreateProcess runs .exe files, and .cmd ones through cmd.exe
  // (https://nodejs.org/api/child_process.html#spawning-bat-and-cmd-files-on-windows).
  it('is the .cmd shim on Windows and the node script elsewhere', () => {
    expect(standInCommand('win32')).toBe(path.join(SIM_BIN_DIR, 'minikube.cmd'));
    expect(standInCommand('linux')).toBe(path.join(SIM_BIN_DIR, 'minikube'));
    expect(standInCommand('darwin')).toBe(path.join(SIM_BIN_DIR, 'minikube'));
  });

  it('ships a shim that runs bin/minikube with node and keeps its exit code, in CRLF', () => {
    const shim = readFileSync(standInCommand('win32'), 'utf8');
    expect(shim).toContain('node "%~dp0minikube" %*\r\n');
    expect(shim).toContain('exit /b %ERRORLEVEL%');
    expect(shim.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
  });
});
