// The package's public surface. Modules inside protos/src import each other directly, never this
// barrel, so it can re-export all of them without forming an import cycle.
export { CASES_PROTO, PROTO_LOADER_OPTIONS, PROTO_ROOT } from './load-options.ts';
export {
  loadCasesPackage,
  loadCasesPackageDefinition,
  type CasesProtoGrpcType,
} from './load-cases.ts';
export * from './cases-types.ts';
export { raiseCaseRequestFromDecision, type RaiseCaseInput } from './raise-case-request.ts';
export {
  createRaiseCaseClient,
  type RaiseCaseClient,
  type RaiseCaseClientOptions,
} from './raise-case-client.ts';
export { createCasesClient, type CasesClient, type CasesClientOptions } from './cases-client.ts';
export { type CaseWatch } from './case-watch.ts';
export {
  BAD_REQUEST_METADATA_KEY,
  CASE_SERVICE_ERROR_CODES,
  caseServiceError,
  isCaseServiceError,
  type CaseFieldViolation,
  type CaseServiceError,
  type CaseServiceErrorCode,
  type CaseServiceErrorDetails,
} from './case-service-error.ts';
