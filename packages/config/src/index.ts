export { parseEnv, type SettingProblem } from './parse-env.ts';
export {
  brokerList,
  commonEnvShape,
  envBoolean,
  gatheringFetch,
  offsetCommitCadence,
  groupTimings,
  kafkaGroupEnvShape,
  logLevel,
  port,
} from './common-env.ts';
export { loadConfigFile } from './load-config-file.ts';
export { describeStartupFailure } from './startup-failure.ts';
export { invocationPath } from './invocation-path.ts';
