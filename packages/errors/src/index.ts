export { VigilError, isVigilError } from './vigil-error.ts';
export { classifyError, INFRA_ERROR_CODES, type InfraErrorCode } from './classify.ts';
