/**
 * The few files a student or the harness reads inside a pod: kubelet-written /etc files, the
 * service-account mount, ConfigMap volumes, the app's /frontend directory (build/ appears when the
 * build is done).
 */
import { imageKind } from '../app/image.ts';
import { formatResolvConf, hostsEntries } from '../network/resolv.ts';
import type { ExecContext } from './types.ts';

const ALPINE_OS_RELEASE =
  'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.17.3\nPRETTY_NAME="Alpine Linux v3.17"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n';

const FRONTEND_PACKAGE_JSON = `{
  "name": "frontend",
  "version": "0.1.0",
  "private": true,
  "dependencies": {
    "@testing-library/jest-dom": "^5.16.5",
    "@testing-library/react": "^13.4.0",
    "@testing-library/user-event": "^13.5.0",
    "ip": "^1.1.8",
    "react": "^18.2.0",
    "react-dom": "^18.2.0",
    "react-scripts": "5.0.1",
    "web-vitals": "^2.1.4"
  },
  "scripts": {
    "start": "react-scripts start",
    "build": "react-scripts build",
    "test": "react-scripts test",
    "eject": "react-scripts eject"
  }
}
`;

function hostsFile(ctx: ExecContext): string {
  const lines = ['# Kubernetes-managed hosts file.'];
  const entries = hostsEntries(ctx.pod);
  const aliases = (ctx.pod.spec?.hostAliases ?? []).length;
  const own = entries.slice(0, entries.length - aliases);
  for (const [ip, names] of own) lines.push(`${ip}\t${names.join('\t')}`);
  if (aliases > 0) {
    lines.push('', '# Entries added by HostAliases.');
    for (const [ip, names] of entries.slice(entries.length - aliases))
      lines.push(`${ip}\t${names.join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}

function frontendBuilt(ctx: ExecContext): boolean {
  return ctx.network.apps.frontendTiming(ctx.pod)?.phase === 'serving';
}

export function normalizePath(path: string, cwd: string): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const parts: string[] = [];
  for (const p of abs.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

/**
 * The container's ConfigMap volumes: mount path → file name → content. The kubelet writes one file
 * per key (or per `items` entry, at its `path`) under the mountPath
 * (https://kubernetes.io/docs/concepts/storage/volumes/#configmap). The emulator reads the
 * ConfigMap at each access, so an update shows at once (a real kubelet takes up to its sync period).
 */
function configMapMounts(ctx: ExecContext): Map<string, Map<string, string>> {
  const mounts = new Map<string, Map<string, string>>();
  const volumes: { name: string; configMap?: { name?: string; items?: { key: string; path: string }[] } }[] =
    ctx.pod.spec?.volumes ?? [];
  for (const m of (ctx.container.volumeMounts ?? []) as {
    name: string;
    mountPath: string;
    subPath?: string;
  }[]) {
    const source = volumes.find((v) => v.name === m.name)?.configMap;
    if (!source?.name || m.subPath) continue;
    const cm = ctx.store.get('configmaps', ctx.pod.metadata.namespace ?? 'default', source.name);
    const data = (cm?.data ?? {}) as Record<string, string>;
    const files = new Map<string, string>();
    if (source.items) {
      for (const item of source.items)
        if (data[item.key] !== undefined) files.set(item.path, data[item.key] as string);
    } else for (const [key, value] of Object.entries(data)) files.set(key, value);
    mounts.set(normalizePath(m.mountPath, '/'), files);
  }
  return mounts;
}

function configMapFile(ctx: ExecContext, p: string): string | undefined {
  for (const [dir, files] of configMapMounts(ctx)) {
    if (!p.startsWith(`${dir}/`)) continue;
    const content = files.get(p.slice(dir.length + 1));
    if (content !== undefined) return content;
  }
  return undefined;
}

export function readFile(ctx: ExecContext, path: string): string | undefined {
  const p = normalizePath(path, ctx.cwd);
  const scratch = ctx.scratch.get(p);
  if (scratch !== undefined) return scratch;
  const mounted = configMapFile(ctx, p);
  if (mounted !== undefined) return mounted;
  const hostname: string = ctx.pod.spec?.hostname ?? ctx.pod.metadata.name;
  const kind = imageKind(ctx.image);
  switch (p) {
    case '/etc/resolv.conf':
      return formatResolvConf(ctx.network.resolvConf(ctx.pod));
    case '/etc/hosts':
      return hostsFile(ctx);
    case '/etc/hostname':
      return `${hostname}\n`;
    case '/etc/os-release':
      return ALPINE_OS_RELEASE;
    case '/etc/alpine-release':
      return '3.17.3\n';
    case '/var/run/secrets/kubernetes.io/serviceaccount/namespace':
      return ctx.pod.metadata.namespace ?? 'default';
    case '/proc/sys/kernel/hostname':
      return `${hostname}\n`;
  }
  if (kind === 'frontend') {
    if (p === '/frontend/package.json') return FRONTEND_PACKAGE_JSON;
    if (p.startsWith('/frontend/build/') && frontendBuilt(ctx)) {
      const build = ctx.network.apps.frontendBuild(ctx.pod);
      const rel = p.slice('/frontend/build'.length);
      if (rel === '/index.html') return build.indexHtml;
      if (rel === build.jsPath) return build.bundleJs;
      if (rel === build.cssPath) return build.css;
      if (rel === '/asset-manifest.json') return build.assetManifest;
    }
  }
  return undefined;
}

const ROOT = [
  'bin',
  'dev',
  'etc',
  'home',
  'lib',
  'media',
  'mnt',
  'opt',
  'proc',
  'root',
  'run',
  'sbin',
  'srv',
  'sys',
  'tmp',
  'usr',
  'var',
];

/** Directory listing (names only), undefined when not a known directory. */
export function listDir(ctx: ExecContext, path: string): string[] | undefined {
  const p = normalizePath(path, ctx.cwd);
  const kind = imageKind(ctx.image);
  const scratchHere = [...ctx.scratch.keys()]
    .filter((k) => k.startsWith(`${p === '/' ? '' : p}/`) && !k.slice(p.length + 1).includes('/'))
    .map((k) => k.slice(k.lastIndexOf('/') + 1));
  let base: string[] | undefined;
  const mounted = configMapMounts(ctx).get(p);
  if (mounted) base = [...mounted.keys()].filter((k) => !k.includes('/'));
  else if (p === '/') base = kind === 'frontend' ? [...ROOT, 'frontend'] : ROOT;
  else if (p === '/etc')
    base = ['alpine-release', 'hostname', 'hosts', 'os-release', 'passwd', 'resolv.conf'];
  else if (p === '/tmp' || p === '/root' || p === '/home') base = [];
  else if (p === '/var/run/secrets/kubernetes.io/serviceaccount') base = ['ca.crt', 'namespace', 'token'];
  else if (kind === 'frontend' && p === '/frontend') {
    base = [
      'Dockerfile',
      'README.md',
      'docker-compose.yml',
      'node.js',
      'node_modules',
      'package-lock.json',
      'package.json',
      'public',
      'src',
    ];
    if (frontendBuilt(ctx)) base.push('build');
  } else if (kind === 'frontend' && p === '/frontend/src')
    base = [
      'App.css',
      'App.js',
      'App.test.js',
      'index.css',
      'index.js',
      'logo.svg',
      'reportWebVitals.js',
      'setupTests.js',
    ];
  else if (kind === 'frontend' && p === '/frontend/build' && frontendBuilt(ctx))
    base = [
      'asset-manifest.json',
      'favicon.ico',
      'index.html',
      'logo192.png',
      'logo512.png',
      'manifest.json',
      'robots.txt',
      'static',
    ];
  if (base === undefined && scratchHere.length === 0) return undefined;
  return [...new Set([...(base ?? []), ...scratchHere])].sort();
}
