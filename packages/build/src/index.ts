export { buildService, outputFor, type BuildServiceResult } from './build-service.ts';
export { externalPackagesPlugin, packageName, runtimePackages } from './external-plugin.ts';
export { sourceUrlPlugin } from './source-url-plugin.ts';
