/**
 * Reads `nslookup NAME` output from busybox (docs/reference-facts.md, container-tools-output §3): the 1.3x "big" format
 * (`Name:\t…` / `Address: …`, PTR as `… name = …`) and, for robustness, the old ≤1.28 format
 * (`Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local`, `nslookup: can't resolve`).
 */

export interface NslookupAnswer {
  name: string;
  address: string;
}

export interface NslookupResult {
  /** The DNS server as printed on the `Server:` line ('' when absent). */
  server: string;
  /** A/AAAA answers, and PTR answers with the address read back from the in-addr.arpa name. */
  answers: NslookupAnswer[];
  /** The server answered "no such name" (busybox `NXDOMAIN`, old busybox `can't resolve`). */
  nxdomain: boolean;
  /** No server answered at all. */
  timedOut: boolean;
}

const PTR = /^(\S+)\.in-addr\.arpa\s+name = (\S+?)\.?$/;

export function parseNslookup(output: string): NslookupResult {
  const lines = output.replace(/\r\n?/g, '\n').split('\n');
  let server = '';
  let name: string | undefined;
  const answers: NslookupAnswer[] = [];
  for (const raw of lines) {
    const line = raw.trimEnd();
    let m = /^Server:\s+(\S+)/.exec(line);
    if (m) {
      server = m[1] as string;
      continue;
    }
    m = /^Name:\s+(\S+)/.exec(line);
    if (m) {
      name = m[1] as string;
      continue;
    }
    // `Address: ip` (1.3x) or `Address 1: ip [name]` (≤1.28); only after a Name line, the first one is the server's.
    m = /^Address(?: \d+)?:\s+(\S+)/.exec(line);
    if (m) {
      if (name !== undefined) answers.push({ name, address: m[1] as string });
      continue;
    }
    m = PTR.exec(line);
    if (m) answers.push({ name: m[2] as string, address: (m[1] as string).split('.').reverse().join('.') });
  }
  return {
    server,
    answers,
    nxdomain: /\*\* server can't find [^\n]*: NXDOMAIN|nslookup: can't resolve/.test(output),
    timedOut: /connection timed out; no servers could be reached/.test(output),
  };
}
