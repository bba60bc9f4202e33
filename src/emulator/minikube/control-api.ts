import http from 'node:http';

/**
 * The `/__sim/…` control endpoints a profile's daemon serves next to the Kubernetes API, and
 * the client the stand-in `minikube` uses to call them. JSON in both directions.
 */

export const CONTROL_PREFIX = '/__sim/';

export interface SimNodeInfo {
  /** Machine name: `minikube`, `minikube-m02`. */
  name: string;
  ip: string;
  controlPlane: boolean;
  ready: boolean;
}

export interface SimStatus {
  profile: string;
  apiServer: 'Running';
  nodes: SimNodeInfo[];
  /** kube-system pods and how many of them are in phase Running. */
  systemPods: { total: number; running: number };
  /** `component` / `k8s-app` label values of Running kube-system pods (kverify.ExpectAppsRunning). */
  runningApps: string[];
}

export interface ServiceUrlsResponse {
  urls: string[];
  /** `name/port` or `port` per URL, as minikube's TARGET PORT column. */
  portNames: string[];
}

export interface NodeFilesResponse {
  /** Absolute path -> content of every file the emulated node exposes. */
  files: Record<string, string>;
}

export interface ControlErrorBody {
  error: string;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/**
 * GET `<base>/__sim/<route>?query`; throws ControlError on a non-2xx answer. Uses node:http
 * without keep-alive so a CLI process can exit as soon as it is done.
 */
export function controlGet<T>(
  baseUrl: string,
  route: string,
  query: Record<string, string> = {},
  timeoutMs = 5000,
): Promise<T> {
  const url = new URL(`${CONTROL_PREFIX}${route}`, baseUrl);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return new Promise<T>((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as T | ControlErrorBody;
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            reject(new ControlError(status, (body as ControlErrorBody).error ?? res.statusMessage ?? ''));
          } else resolve(body as T);
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms: GET ${url}`)));
    req.on('error', reject);
  });
}
