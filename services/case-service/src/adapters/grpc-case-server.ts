import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { loadCasesPackage, loadCasesPackageDefinition } from '@vigil/protos';
import type { CaseServiceHandlers } from '@vigil/protos';

export const CASE_SERVICE_NAME = 'vigil.cases.v1.CaseService';

export interface CaseGrpcServer {
  server: grpc.Server;
  /** grpc.health.v1 status for "" and the CaseService; main.ts flips it with PostgreSQL. */
  setServing(serving: boolean): void;
  listen(host: string, port: number): Promise<number>;
  /** Graceful: refuse new calls, let in-flight ones finish; force after `graceMs`. */
  shutdown(graceMs: number): Promise<void>;
}

export function createCaseGrpcServer(handlers: CaseServiceHandlers): CaseGrpcServer {
  const definition = loadCasesPackageDefinition();
  const cases = loadCasesPackage(definition);
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 1024 * 1024 });
  server.addService(cases.vigil.cases.v1.CaseService.service, handlers);
  const health = new HealthImplementation({
    '': 'NOT_SERVING',
    [CASE_SERVICE_NAME]: 'NOT_SERVING',
  });
  health.addToServer(server);
  new ReflectionService(definition).addToServer(server);
  return {
    server,
    setServing: (serving) => {
      const value = serving ? 'SERVING' : 'NOT_SERVING';
      health.setStatus('', value);
      health.setStatus(CASE_SERVICE_NAME, value);
    },
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.bindAsync(
          `${host}:${port}`,
          grpc.ServerCredentials.createInsecure(),
          (error, bound) => (error ? reject(error) : resolve(bound)),
        );
      }),
    shutdown: (graceMs) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
