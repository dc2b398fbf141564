import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { VigilError } from '@vigil/errors';
import { createCasesClient } from '@vigil/protos';
import type { RuleSet } from '@vigil/rules';
import { CaseServiceRuleSource } from './adapters/case-service-rule-source.ts';
import { loadRuleSetFile, RuleSetReloader } from './adapters/rule-set-file.ts';
import type { RiskEngineEnv } from './env.ts';
import { ruleSetMetrics } from './metrics.ts';

export interface RuleSource {
  current(): RuleSet;
  /** Re-reads now (SIGHUP); a no-op where there is nothing to re-read. */
  reload(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The rule set in force, from RULES_FILE or from case-service (RULES_SOURCE). Both swap it in
 * one assignment, log and count every change the same way, and keep the last good set when a
 * new one is refused.
 */
export async function startRuleSource(
  env: RiskEngineEnv,
  logger: Logger,
  registry: Registry,
): Promise<RuleSource> {
  const source = env.RULES_SOURCE;
  const metrics = ruleSetMetrics(registry);
  const inForce = (ruleSet: RuleSet) => {
    metrics.active.reset();
    metrics.active.set({ version: ruleSet.version, source }, 1);
  };
  const onReload = (next: RuleSet, previous: RuleSet) => {
    inForce(next);
    metrics.reloads.inc({ source, result: 'loaded' });
    logger.info({ version: next.version, previous: previous.version, source }, 'rule set reloaded');
  };
  const onError = (error: VigilError) => {
    metrics.reloads.inc({ source, result: 'refused' });
    logger.error({ err: error, source }, 'rule set rejected; previous set stays in force');
  };

  let rules: RuleSource;
  if (source === 'case-service') {
    const client = createCasesClient({
      address: env.CASE_SERVICE_ADDR,
      token: env.CASE_SERVICE_TOKEN,
      deadlineMs: env.CASE_SERVICE_DEADLINE_MS,
    });
    const fallbackFile = env.RULES_FALLBACK_FILE;
    const polled = await CaseServiceRuleSource.start({
      client,
      pollMs: env.RULES_POLL_MS,
      logger,
      ...(fallbackFile ? { fallback: () => loadRuleSetFile(fallbackFile) } : {}),
      onReload,
      onError,
    }).catch((error: unknown) => {
      client.close();
      throw error;
    });
    rules = {
      current: () => polled.current(),
      reload: () => polled.poll(),
      close: async () => {
        await polled.close();
        client.close();
      },
    };
  } else {
    const watched = await RuleSetReloader.start({ path: env.RULES_FILE, onReload, onError });
    rules = {
      current: () => watched.current(),
      reload: () => watched.reload(),
      close: () => Promise.resolve(watched.close()),
    };
  }
  inForce(rules.current());
  logger.info({ version: rules.current().version, source }, 'rule set loaded');
  return rules;
}
