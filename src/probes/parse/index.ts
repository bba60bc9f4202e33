/** Parsers of what probes see inside the cluster. Pure functions of captured text. */
export {
  APP_FIELDS,
  APP_LABELS,
  APP_PLACEHOLDER,
  type AppBundleValues,
  type AppField,
  parseAppBundle,
  parseAppPage,
} from './app.ts';
export { cniIpamType } from './cni.ts';
export { type NslookupAnswer, type NslookupResult, parseNslookup } from './nslookup.ts';
export { type PingStats, parseBusyboxPing, pingResolveFailure } from './ping.ts';
