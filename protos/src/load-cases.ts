import * as grpc from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import type { ProtoGrpcType as CasesProtoGrpcType } from './generated/cases.ts';
import { CASES_PROTO, PROTO_LOADER_OPTIONS } from './load-options.ts';

export type { CasesProtoGrpcType };

/** The raw package definition of vigil.cases.v1 (server reflection needs this one). */
export function loadCasesPackageDefinition(): PackageDefinition {
  return loadSync(CASES_PROTO, {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs],
  });
}

/** vigil.cases.v1 as grpc-js objects, typed by the generated code: `.vigil.cases.v1.CaseService`. */
export function loadCasesPackage(
  definition: PackageDefinition = loadCasesPackageDefinition(),
): CasesProtoGrpcType {
  return grpc.loadPackageDefinition(definition) as unknown as CasesProtoGrpcType;
}
