import { Counter, type Registry } from 'prom-client';
import type { RiskDecision } from '@vigil/events';
import type { CaseGateway } from '@vigil/risk-engine/src/app/ports.ts';

/**
 * case-service is out of the engine measurement (it is benchmarked on its own): RaiseCase is
 * acknowledged at once, so the number is Kafka + Redis + rules, not a gRPC hop to PostgreSQL.
 * Calls are counted in `bench_cases_acknowledged_total` for the report.
 */
export class InstantCases implements CaseGateway {
  private readonly acknowledged: Counter;
  constructor(registry: Registry) {
    this.acknowledged = new Counter({
      name: 'bench_cases_acknowledged_total',
      help: 'RaiseCase calls the benchmark acknowledged instead of case-service',
      registers: [registry],
    });
  }
  raiseCase(decision: RiskDecision): Promise<{ caseId: string }> {
    this.acknowledged.inc();
    return Promise.resolve({ caseId: `bench-${decision.accountId}` });
  }
}
