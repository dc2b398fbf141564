import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { VigilError, classifyError } from '@vigil/errors';
import { parseRuleSet, type RuleSet } from '@vigil/rules';

/** Reads and validates a rule-set file; throws INVALID_RULE_SET / CONFIG_UNREADABLE (not retryable). */
export async function loadRuleSetFile(path: string): Promise<RuleSet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new VigilError('CONFIG_UNREADABLE', `cannot read rule set ${path}`, {
      retryable: false,
      cause,
    });
  }
  return parseRuleSet(text, path);
}

export interface RuleSetReloaderOptions {
  path: string;
  /** Quiet period after the last file event before reloading (editors write in several steps). */
  debounceMs?: number;
  onReload?: (ruleSet: RuleSet, previous: RuleSet) => void;
  /** A bad file keeps the previous set in force; this reports why the new one was refused. */
  onError?: (error: VigilError) => void;
}

/**
 * Holds the rule set in force and swaps it atomically (one reference assignment) when the file
 * changes, or when `reload()` is called (wire SIGHUP to it in main.ts). Callers take
 * `current()` once per batch so one batch is scored by one rule set.
 */
export class RuleSetReloader {
  private ruleSet: RuleSet;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<boolean> = Promise.resolve(true);

  private constructor(
    private readonly options: RuleSetReloaderOptions,
    initial: RuleSet,
  ) {
    this.ruleSet = initial;
  }

  /** Loads the file (a bad file at start-up is fatal: there is nothing to fall back to) and watches it. */
  static async start(options: RuleSetReloaderOptions): Promise<RuleSetReloader> {
    const reloader = new RuleSetReloader(options, await loadRuleSetFile(options.path));
    reloader.watch();
    return reloader;
  }

  current(): RuleSet {
    return this.ruleSet;
  }

  /** Re-reads the file; true if a new set is in force, false if the old one was kept. Serialised. */
  reload(): Promise<boolean> {
    this.reloading = this.reloading.then(() => this.reloadNow());
    return this.reloading;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private async reloadNow(): Promise<boolean> {
    try {
      const next = await loadRuleSetFile(this.options.path);
      const previous = this.ruleSet;
      this.ruleSet = next;
      this.options.onReload?.(next, previous);
      return true;
    } catch (error) {
      this.options.onError?.(classifyError(error));
      return false;
    }
  }

  // Watch the directory, not the file: editors and config-map updates replace the file by rename.
  private watch(): void {
    const file = basename(this.options.path);
    this.watcher = watch(dirname(this.options.path), (_event, changed) => {
      if (changed !== null && changed !== file && !changed.startsWith('..')) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 200);
    });
    this.watcher.on('error', (error) => this.options.onError?.(classifyError(error)));
  }
}
