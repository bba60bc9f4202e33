export { containerEnv, specEnv } from './env.ts';
export { frontendBuild, jsLiteral, PLACEHOLDER } from './frontend-build.ts';
export { createPodHttpServer, PodHttpServers } from './http-server.ts';
export { calicoctlImageVersion, imageKind, parseImage } from './image.ts';
export { appLogs, createLogHandler } from './logs.ts';
export { FRONTEND_PORT, PodApps } from './pod-apps.ts';
export { type ServiceProxies, startServiceProxies } from './service-proxy.ts';
export { ContainerStartTracker, FRONTEND_BUILD_SECONDS, frontendBuildMs } from './timing.ts';
