import type { CasesClient } from '@vigil/protos';
import { ruleSetDetail, ruleSetLine, ruleSetTable } from './rules-format.ts';

export const RULES_USAGE = `  rules propose <rules.yaml> [--summary backtest.md]   propose a rule-set version (agent, supervisor)
  rules list    [--limit N]
  rules show    <version> [--yaml]    diff against the active version, backtest summary, audit
  rules approve <version> [--comment TEXT]   supervisor, not the author: the version becomes active
  rules reject  <version> [--comment TEXT]   supervisor, not the author
  rules rollback --reason TEXT        supervisor: the active version out, the one it replaced back`;

export interface RulesOptions {
  summary?: string | undefined;
  comment?: string | undefined;
  reason?: string | undefined;
  limit?: string | undefined;
  yaml?: boolean | undefined;
  json?: boolean | undefined;
}

function need(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new Error(`missing ${what}\n\n${RULES_USAGE}`);
  return value;
}

/**
 * `vigil-cases rules …`: rule changes with approval. `readText` reads a file (the YAML, the
 * backtest summary); `print` receives each output line.
 */
export async function runRulesCommand(
  client: CasesClient,
  args: readonly string[],
  o: RulesOptions,
  print: (line: string) => void,
  readText: (path: string) => Promise<string>,
): Promise<void> {
  const [sub = '', target] = args;
  const emit = (value: unknown, text: () => string) =>
    print(o.json ? JSON.stringify(value, null, 2) : text());
  switch (sub) {
    case 'propose': {
      const yaml = await readText(need(target, '<rules.yaml>'));
      const summary = o.summary === undefined ? undefined : await readText(o.summary);
      const proposed = await client.proposeRuleSet({
        yaml,
        ...(summary === undefined ? {} : { summary }),
      });
      emit(proposed, () => `${ruleSetLine(proposed)}: a supervisor other than you approves it`);
      return;
    }
    case 'list': {
      const { versions } = await client.listRuleSets({ limit: o.limit ? Number(o.limit) : 20 });
      emit(versions, () => ruleSetTable(versions));
      return;
    }
    case 'show': {
      const detail = await client.getRuleSet({ version: need(target, '<version>') });
      emit(detail, () => ruleSetDetail(detail, o.yaml === true));
      return;
    }
    case 'approve':
    case 'reject': {
      const request = { version: need(target, '<version>'), comment: o.comment ?? '' };
      const decided =
        sub === 'approve'
          ? await client.approveRuleSet(request)
          : await client.rejectRuleSet(request);
      emit(decided, () => ruleSetLine(decided));
      return;
    }
    case 'rollback': {
      const result = await client.rollbackRuleSet({ reason: need(o.reason, '--reason') });
      emit(result, () =>
        [
          `rolled back: ${result.rolledBack ? ruleSetLine(result.rolledBack) : '?'}`,
          `in force:    ${result.active ? ruleSetLine(result.active) : '?'}`,
        ].join('\n'),
      );
      return;
    }
    default:
      throw new Error(`unknown rules command "${sub}"\n\n${RULES_USAGE}`);
  }
}
