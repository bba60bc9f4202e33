/**
 * `minikube service NAME [--url] [-n NS]` (cmd/minikube/cmd/service.go): the URLs that reach
 * the Service from the host, one per port. Without --url minikube would open a browser; the
 * stand-in prints the table and the "Opening service" line and opens nothing. With LAB_SIM_TUNNEL=1
 * it plays a driver that needs a tunnel (docker on macOS/Windows/WSL): the URLs are 127.0.0.1 ports
 * of a tunnel child, and the command stays up until SIGINT (../tunnel.ts).
 */
import type { CommandContext, CommandModule } from '../command.ts';
import { ControlError, controlGet, type ServiceUrlsResponse } from '../control-api.ts';
import { loadRunning } from '../load.ts';
import { exitMessage, REASONS } from '../output.ts';
import { renderTable } from '../table.ts';
import { holdTunnels, startTunnel, type Tunnel, tunnelMarker, tunnelMode } from '../tunnel.ts';

/** Applies `--format` (default `http://{{.IP}}:{{.Port}}`) to a URL; `--https` swaps the scheme. */
export function formatServiceUrl(url: string, template: string, name: string, https: boolean): string {
  const u = new URL(url);
  const text = template
    .replace(/\{\{\s*\.IP\s*\}\}/g, u.hostname)
    .replace(/\{\{\s*\.Port\s*\}\}/g, u.port)
    .replace(/\{\{\s*\.Name\s*\}\}/g, name);
  return https ? text.replace(/^http:/, 'https:') : text;
}

async function run(ctx: CommandContext): Promise<number> {
  const { con, args } = ctx;
  const all = Boolean(args.flags.all);
  if ((args.positionals.length === 0 && !all) || (args.positionals.length > 0 && all)) {
    exitMessage(con, REASONS.usage, 'You must specify service name(s) or --all');
  }
  if (all) exitMessage(con, REASONS.unsupported, 'minikube service --all is not emulated; name the service');
  const { daemon } = await loadRunning(ctx);
  const namespace = String(args.flags.namespace);
  const rows: string[][] = [];
  const urlMode = Boolean(args.flags.url);
  const tunnels: Tunnel[] = [];
  for (const name of args.positionals) {
    let res: ServiceUrlsResponse;
    try {
      res = await controlGet<ServiceUrlsResponse>(daemon.info.url, 'service-urls', { namespace, name });
    } catch (e) {
      if (e instanceof ControlError && e.status === 404) {
        exitMessage(
          con,
          REASONS.svcNotFound,
          `Service '${name}' was not found in '${namespace}' namespace.\nYou may select another namespace by using 'minikube service ${name} -n <namespace>'. Or list out all the services using 'minikube service list'`,
        );
      }
      throw e;
    }
    let direct = res.urls;
    if (tunnelMode(ctx.env) && direct.length) {
      // One `ssh -N -L` per port here (minikube runs one ssh with a -L per port).
      con.step('running', `Starting tunnel for service ${name}.`);
      const marker = tunnelMarker(ctx.profile, namespace, name);
      for (const u of direct) tunnels.push(await startTunnel(u, daemon.info.url, marker));
      direct = tunnels.slice(-direct.length).map((t) => t.url);
    }
    const urls = direct.map((u, i) =>
      formatServiceUrl(u, String(args.flags.format), res.portNames[i] ?? '', Boolean(args.flags.https)),
    );
    if (urls.length === 0) {
      rows.push([namespace, name, 'No node port']);
      con.warning(
        `Services [${namespace}/${name}] have type "ClusterIP" not meant to be exposed, however for local development minikube allows you to access this !`,
      );
      continue;
    }
    rows.push([namespace, name, res.portNames.join('\n'), urls.join('\n')]);
    if (urlMode && !tunnels.length) con.out(`${urls.join('\n')}\n`);
  }
  if (tunnels.length) {
    if (!urlMode) con.out(renderTable(['Namespace', 'Name', 'Target Port', 'URL'], rows));
    const printed = rows.flatMap((r) => (r[3] ? r[3].split('\n') : []));
    return holdTunnels(con, tunnels, urlMode ? printed : undefined);
  }
  if (!urlMode && rows.some((r) => r.length === 4)) {
    con.out(renderTable(['Namespace', 'Name', 'Target Port', 'URL'], rows));
    for (const r of rows.filter((row) => row.length === 4)) {
      con.step('celebrate', `Opening service ${namespace}/${r[1]} in default browser...`);
    }
  }
  return 0;
}

export const serviceCommand: CommandModule = {
  use: 'service [flags] SERVICE',
  flags: [
    { name: 'namespace', short: 'n', type: 'string', default: 'default' },
    { name: 'url', type: 'bool' },
    { name: 'all', type: 'bool' },
    { name: 'https', type: 'bool' },
    { name: 'wait', type: 'int', default: 2 },
    { name: 'interval', type: 'int', default: 1 },
    { name: 'format', type: 'string', default: 'http://{{.IP}}:{{.Port}}' },
  ],
  run,
};
