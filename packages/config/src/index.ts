export { parseEnv } from './parse-env.ts';
export { brokerList, commonEnvShape, envBoolean, logLevel, port } from './common-env.ts';
export { loadConfigFile } from './load-config-file.ts';
