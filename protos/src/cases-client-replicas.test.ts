import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createCasesClient, loadCasesPackage, type CasesClient } from './index.ts';

// Two case-service replicas behind one CASE_SERVICE_ADDR: grpc-js takes an `ipv4:` target with
// several addresses (pick_first: the first that answers), so a client reaches the survivor when
// the replica it used dies. Real gRPC servers on loopback, answering RaiseCase with their name.

const servers: Server[] = [];
const clients: CasesClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) server.forceShutdown();
});

async function replica(name: string): Promise<{ server: Server; port: number }> {
  const server = new Server();
  const handlers: UntypedServiceImplementation = {
    RaiseCase: (_call: unknown, callback: (error: null, response: object) => void) =>
      callback(null, { caseId: name, alertId: 'a', caseCreated: true, alertCreated: true }),
  };
  server.addService(loadCasesPackage().vigil.cases.v1.CaseService.service, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  servers.push(server);
  return { server, port };
}

describe('CasesClient on several case-service replicas', () => {
  it('reaches the next replica of an ipv4: target when the one it used is gone', async () => {
    const a = await replica('replica-a');
    const b = await replica('replica-b');
    const client = createCasesClient({
      address: `ipv4:127.0.0.1:${String(a.port)},127.0.0.1:${String(b.port)}`,
      deadlineMs: 5_000,
    });
    clients.push(client);
    const raise = async () => (await client.raiseCase({ decisionId: 'd-1' })).caseId;
    expect(await raise()).toBe('replica-a');
    a.server.forceShutdown(); // kill -9 as the client sees it: connections reset, port closed
    // The first call after the reset may still fail (UNAVAILABLE: the caller's retry policy).
    const answered = await raise().catch(() => raise());
    expect(answered).toBe('replica-b');
    expect(await raise()).toBe('replica-b');
  });
});
