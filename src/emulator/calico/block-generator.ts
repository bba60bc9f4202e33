/**
 * Calico's `randomBlockGenerator` (libcalico-go/lib/ipam/ipam_block_reader_writer.go): walks every
 * block of a pool once, starting at an index drawn from Go's math/rand seeded with the FNV-1 32-bit
 * hash of the host name (`determineSeed`), wrapping around at the end of the pool.
 */
import { nthAddress, parseCidr } from '../../calico/cidr.ts';
import { fnv1_32 } from './fnv.ts';
import { GoRand } from './gorand.ts';

export function* poolBlocks(poolCidr: string, blockSize: number, hostName: string): Generator<string> {
  const parsed = parseCidr(poolCidr);
  if (parsed?.kind !== 'ipv4' || blockSize < parsed.prefix || blockSize > 32) return;
  const numBlocks = 2 ** (blockSize - parsed.prefix);
  const addressesPerBlock = 2 ** (32 - blockSize);
  // determineSeed: /32 blocks are seeded from the time in Calico; any seed is as good here.
  const seed = blockSize === 32 ? Date.now() : fnv1_32(hostName);
  const start = Number(new GoRand(seed).bigIntRand(BigInt(numBlocks)));
  for (let n = 0; n < numBlocks; n++) {
    const index = (start + n) % numBlocks;
    yield `${nthAddress(parsed.canonical, index * addressesPerBlock)}/${blockSize}`;
  }
}
