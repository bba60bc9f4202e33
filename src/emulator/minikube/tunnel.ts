/**
 * `minikube service --url` with the docker driver on macOS, Windows or WSL (driver.NeedsPortForward):
 * minikube starts `ssh -N -L LOCAL:CLUSTER_IP:PORT` to the node (kic.NewServiceTunnel), prints
 * `http://127.0.0.1:LOCAL`, warns "Because you are using a Docker driver on …, the terminal needs to
 * be open to run it." and waits on `signal.Notify(ctrlC, os.Interrupt)`: only SIGINT stops the ssh
 * child and ends it (exit 0). SIGTERM keeps Go's default — the process dies at once and the ssh
 * child lives on, orphaned (kubernetes/minikube cmd/minikube/cmd/service.go startKicServiceTunnel;
 * docs/reference-facts.md, minikube §3).
 *
 * The stand-in plays it when LAB_SIM_TUNNEL=1: the ssh child is a small node process forwarding a
 * free local port to the Service's URL; like ssh once its node is gone, it exits when the profile's
 * daemon stops answering.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Console } from './output.ts';

export const SIM_TUNNEL = 'LAB_SIM_TUNNEL';

/** The stand-in emulates a driver that needs a tunnel (docker on darwin/windows/WSL). */
export function tunnelMode(env: NodeJS.ProcessEnv): boolean {
  return /^(1|true|yes|on)$/i.test(env[SIM_TUNNEL] ?? '');
}

/** argv marker of a tunnel child, so that tests can find one left behind: `lab-sim-tunnel=PROFILE/NS/NAME`. */
export function tunnelMarker(profile: string, namespace: string, name: string): string {
  return `lab-sim-tunnel=${profile}/${namespace}/${name}`;
}

// The `ssh -N -L` stand-in: argv = marker, target host, target port, node host, node port.
const FORWARDER = `
const net = require('node:net');
const [, host, port, nodeHost, nodePort] = process.argv.slice(1);
const server = net.createServer((c) => {
  const u = net.connect(Number(port), host);
  c.pipe(u); u.pipe(c);
  c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
setInterval(() => {
  const s = net.connect(Number(nodePort), nodeHost, () => s.destroy());
  s.on('error', () => process.exit(255));
}, 1000);
`;

export interface Tunnel {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the forwarder to `target` (a Service URL); `node` is the daemon it lives as long as. */
export function startTunnel(target: string, node: string, marker: string): Promise<Tunnel> {
  const t = new URL(target);
  const n = new URL(node);
  const child = spawn(process.execPath, ['-e', FORWARDER, marker, t.hostname, t.port, n.hostname, n.port], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<Tunnel>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (c: Buffer) => {
      buf += c.toString('utf8');
      const m = /^(\d+)\n/.exec(buf);
      if (!m) return;
      child.stdout?.removeAllListeners('data');
      // Nothing more is read: the parent may die first, and the child must not notice.
      child.stdout?.destroy();
      resolve({
        url: `${t.protocol}//127.0.0.1:${m[1]}`,
        child,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the tunnel exited (${code}) before it was up`)));
  });
}

/**
 * What startKicServiceTunnel does once the tunnels are up: the URLs (`urls`, with --url), the warning,
 * then it waits for SIGINT only, stops the tunnels and returns 0.
 */
export async function holdTunnels(
  con: Console,
  tunnels: Tunnel[],
  urls: string[] | undefined,
): Promise<number> {
  if (urls) con.out(`${urls.join('\n')}\n`);
  con.warning('Because you are using a Docker driver on darwin, the terminal needs to be open to run it.');
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  for (const t of tunnels) await t.stop();
  return 0;
}
