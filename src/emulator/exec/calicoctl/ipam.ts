/** `calicoctl ipam show [--show-blocks|--ip=IP|--show-configuration]` (commands/ipam/show.go, reference §5). */
import { cidrsOverlap, parseCidr } from '../../../calico/cidr.ts';
import type { CalicoctlArgs } from './args.ts';
import { type CalicoctlEnv, type CalicoctlResult, failure, versionMismatch } from './env.ts';
import { IPPOOLS } from './resources.ts';
import { formatF0, formatG5, renderTable } from './tablewriter.ts';

const IPAMBLOCKS = 'crd.projectcalico.org/ipamblocks';

interface BlockUse {
  cidr: string;
  capacity: number;
  inUse: number;
}

function row(kind: string, cidr: string, inUse: number, capacity: number): string[] {
  return [
    kind,
    cidr,
    formatG5(capacity),
    `${formatG5(inUse)} (${formatF0((100 * inUse) / capacity)}%)`,
    `${formatG5(capacity - inUse)} (${formatF0((100 * (capacity - inUse)) / capacity)}%)`,
  ];
}

/** ipamClient.GetUtilization: pools in list order, then an orphan group for blocks without a pool. */
function utilization(env: CalicoctlEnv, showBlocks: boolean): string {
  const groups: { cidr: string; pool: boolean; blocks: BlockUse[] }[] = env.store
    .list(IPPOOLS)
    .map((p) => parseCidr(String(p.spec?.cidr ?? '')))
    .filter((c) => c !== null && c.kind === 'ipv4')
    .map((c) => ({ cidr: c!.canonical, pool: true, blocks: [] }));
  groups.push({ cidr: '0.0.0.0/0', pool: false, blocks: [] });
  for (const b of env.store.list(IPAMBLOCKS)) {
    const cidr = String(b.spec?.cidr ?? '');
    const capacity: number = Array.isArray(b.spec?.allocations)
      ? b.spec.allocations.length
      : 2 ** (32 - Number(cidr.split('/')[1]));
    const free: number = Array.isArray(b.spec?.unallocated) ? b.spec.unallocated.length : capacity;
    const group = groups.find((g) => cidrsOverlap(cidr, g.cidr));
    group?.blocks.push({ cidr, capacity, inUse: capacity - free });
  }
  const rows: string[][] = [];
  for (const g of groups) {
    if (g.pool) {
      const capacity = 2 ** (32 - Number(g.cidr.split('/')[1]));
      rows.push(
        row(
          'IP Pool',
          g.cidr,
          g.blocks.reduce((a, b) => a + b.inUse, 0),
          capacity,
        ),
      );
    }
    if (showBlocks) for (const b of g.blocks) rows.push(row('Block', b.cidr, b.inUse, b.capacity));
  }
  return renderTable(['GROUPING', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS FREE'], rows);
}

function showIp(env: CalicoctlEnv, ip: string): CalicoctlResult {
  if (parseCidr(`${ip}/32`) === null) return failure(`invalid IP address: ${ip}`);
  for (const b of env.store.list(IPAMBLOCKS)) {
    const cidr = String(b.spec?.cidr ?? '');
    const parsed = parseCidr(cidr);
    if (!parsed || !cidrsOverlap(`${ip}/32`, cidr)) continue;
    const base = parsed.network.split('.').map(Number);
    const target = ip.split('.').map(Number);
    const ordinal = target.reduce((a, n) => a * 256 + n, 0) - base.reduce((a, n) => a * 256 + n, 0);
    const attrIdx = b.spec?.allocations?.[ordinal];
    if (attrIdx === null || attrIdx === undefined) break;
    const attr = b.spec?.attributes?.[attrIdx] ?? {};
    const secondary: Record<string, string> = attr.secondary ?? {};
    let out = `IP ${ip} is in use\n`;
    const keys = Object.keys(secondary).sort(); // Go map order is random; sorted is one of its orders
    if (keys.length === 0) out += 'No attributes defined\n';
    else out += `Attributes:\n${keys.map((k) => `  ${k}: ${secondary[k]}\n`).join('')}`;
    return { stdout: out, stderr: '', exitCode: 0 };
  }
  return { stdout: `${ip} is not assigned\n`, stderr: '', exitCode: 0 };
}

export function ipamCommand(env: CalicoctlEnv, args: CalicoctlArgs): CalicoctlResult {
  const [sub] = args.positionals;
  if (sub !== 'show') {
    if (['check', 'release', 'configure', 'split'].includes(sub ?? ''))
      return failure(`calicoctl ipam ${sub} is not emulated`);
    return failure(
      `Invalid option: 'calicoctl ipam ${args.positionals.join(' ')}'. Use flag '--help' to read about a specific subcommand.`,
    );
  }
  const mismatch = versionMismatch(env, args.options.has('--allow-version-mismatch'));
  if (mismatch) return failure(mismatch);
  const ip = args.options.get('--ip');
  if (typeof ip === 'string') return showIp(env, ip);
  if (args.options.has('--show-configuration')) {
    return {
      stdout: renderTable(
        ['PROPERTY', 'VALUE'],
        [
          ['StrictAffinity', 'false'],
          ['AutoAllocateBlocks', 'true'],
          ['MaxBlocksPerHost', '0'],
        ],
      ),
      stderr: '',
      exitCode: 0,
    };
  }
  if (args.options.has('--show-borrowed')) {
    return {
      stdout: renderTable(['IP', 'BORROWING-NODE', 'BLOCK', 'BLOCK OWNER', 'TYPE', 'ALLOCATED-TO'], []),
      stderr: '',
      exitCode: 0,
    };
  }
  return { stdout: utilization(env, args.options.has('--show-blocks')), stderr: '', exitCode: 0 };
}
