/**
 * The host description in `😄  minikube v1.34.0 on Debian 12.11` (start.go platform(), via
 * gopsutil: distro id title-cased + version; the architecture only when it is not amd64).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function osReleaseField(text: string, key: string): string | undefined {
  const m = new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm').exec(text);
  return m?.[1];
}

const GO_ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

export function platformDescription(): string {
  const arch = GO_ARCH[os.arch()] ?? os.arch();
  let name: string;
  if (process.platform === 'linux') {
    const release = readOr('/etc/os-release', '');
    const id = osReleaseField(release, 'ID') ?? 'linux';
    // gopsutil reads /etc/debian_version on Debian for the full point release.
    const version =
      id === 'debian'
        ? readOr('/etc/debian_version', '').trim()
        : (osReleaseField(release, 'VERSION_ID') ?? '');
    name = `${id.charAt(0).toUpperCase()}${id.slice(1)} ${version}`.trim();
  } else if (process.platform === 'darwin') {
    name = `Darwin ${os.release()}`;
  } else {
    name = process.platform;
  }
  return arch === 'amd64' ? name : `${name} (${arch})`;
}
