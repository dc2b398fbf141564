import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { VigilError, classifyError } from '@vigil/errors';
import { PollingLoop, retryWhileUnavailable } from '@vigil/lifecycle';
import type { CasesClient, RuleSetVersion__Output } from '@vigil/protos';
import { parseRuleSet, type RuleSet } from '@vigil/rules';

export interface CaseServiceRuleSourceOptions {
  /** A CaseService client with the engine's service token. */
  client: Pick<CasesClient, 'getActiveRuleSet'>;
  pollMs: number;
  logger: Logger;
  /** The rule set to run while case-service has no active version yet; without it start refuses. */
  fallback?: () => Promise<RuleSet>;
  onReload?: (ruleSet: RuleSet, previous: RuleSet) => void;
  /** An active version the engine cannot load (bad digest, invalid YAML): the current set stays. */
  onError?: (error: VigilError) => void;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A version as the engine would run it; INVALID_RULE_SET / RULE_SET_DIGEST_MISMATCH otherwise. */
function compile(version: RuleSetVersion__Output): RuleSet {
  if (sha256(version.yaml) !== version.sha256)
    throw new VigilError(
      'RULE_SET_DIGEST_MISMATCH',
      `rule set ${version.version}: YAML does not match its SHA-256 ${version.sha256}`,
      { retryable: false },
    );
  const ruleSet = parseRuleSet(version.yaml, `case-service rule set ${version.version}`);
  if (ruleSet.version !== version.version)
    throw new VigilError(
      'INVALID_RULE_SET',
      `case-service version ${version.version} holds YAML of version ${ruleSet.version}`,
      { retryable: false },
    );
  return ruleSet;
}

/**
 * The rule set in force from case-service (RULES_SOURCE=case-service): the approved, active
 * version, polled every `pollMs` with the engine's service token and swapped atomically (one
 * reference, like the file reloader) when another version becomes active, by approval or by
 * rollback. Unreachable case-service or a version it cannot load keeps the last good set.
 */
export class CaseServiceRuleSource {
  private ruleSet: RuleSet;
  /** Digest of the version in force, or of one refused (not parsed again until it changes). */
  private seen: string | undefined;
  private readonly loop: PollingLoop;

  private constructor(
    private readonly options: CaseServiceRuleSourceOptions,
    initial: RuleSet,
    seen: string | undefined,
  ) {
    this.ruleSet = initial;
    this.seen = seen;
    this.loop = new PollingLoop({
      name: 'rule-set poll',
      intervalMs: options.pollMs,
      logger: options.logger,
      tick: () => this.poll().then(() => false),
    });
  }

  /**
   * Loads the active version, waiting while case-service is unreachable. With none active it
   * runs the fallback, or refuses to start (NO_ACTIVE_RULE_SET): an engine never runs without
   * a rule set somebody chose. A version that does not load is fatal here: nothing to keep.
   */
  static async start(options: CaseServiceRuleSourceOptions): Promise<CaseServiceRuleSource> {
    const active = await retryWhileUnavailable(
      'active rule set',
      () => fetchActive(options.client),
      options.logger,
    );
    let source: CaseServiceRuleSource;
    if (active) {
      source = new CaseServiceRuleSource(options, compile(active), active.sha256);
    } else if (options.fallback) {
      const fallback = await options.fallback();
      options.logger.warn(
        { version: fallback.version },
        'case-service has no active rule set yet; running the fallback file until one is approved',
      );
      source = new CaseServiceRuleSource(options, fallback, undefined);
    } else {
      throw new VigilError(
        'NO_ACTIVE_RULE_SET',
        'case-service has no active rule-set version: approve one (vigil-cases rules propose / approve) or set RULES_FALLBACK_FILE',
        { retryable: false },
      );
    }
    source.loop.start();
    return source;
  }

  current(): RuleSet {
    return this.ruleSet;
  }

  /** Fetches the active version now and swaps to it if it changed; true if a new set is in force. */
  async poll(): Promise<boolean> {
    const active = await fetchActive(this.options.client);
    if (!active || active.sha256 === this.seen) return false;
    this.seen = active.sha256;
    let next: RuleSet;
    try {
      next = compile(active);
    } catch (error) {
      this.options.onError?.(classifyError(error));
      return false;
    }
    const previous = this.ruleSet;
    this.ruleSet = next;
    this.options.onReload?.(next, previous);
    return true;
  }

  close(): Promise<void> {
    return this.loop.stop();
  }
}

/** The active version, or undefined when none was ever approved; outages are retryable. */
async function fetchActive(
  client: CaseServiceRuleSourceOptions['client'],
): Promise<RuleSetVersion__Output | undefined> {
  try {
    const { active } = await client.getActiveRuleSet();
    return active ?? undefined;
  } catch (error) {
    const classified = classifyError(error);
    // retryWhileUnavailable and the polling loop wait out outages; a refusal (bad token) is fatal.
    if (!classified.retryable) throw classified;
    throw new VigilError('DEPENDENCY_UNAVAILABLE', classified.message, {
      retryable: true,
      cause: classified,
    });
  }
}
