/** One injected fault: its name and when it was injected (performance.now()). */
export interface Fault {
  name: string;
  at: number;
}

export interface FaultGap {
  fault: string;
  /** Seconds since the traffic started. */
  atSeconds: number;
  /** Events sent from 1 s before the fault until the next fault (or the end of the traffic). */
  events: number;
  /** event sent → its decision read (read_committed), over those events. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Those events without a decision (must be 0). */
  undecided: number;
}

/** Events sent shortly before a fault ran into it too: their wait counts for it. */
const LEAD_MS = 1_000;

const at = (sorted: readonly number[], q: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

/**
 * The wait per fault: events attributed to the fault they were sent around (from 1 s before it
 * up to the next one), their event → decision times. A fault the pipeline absorbs shows the
 * steady-state wait; one it stalls on shows the stall in max and p99.
 */
export function faultGaps(input: {
  faults: readonly Fault[];
  trafficStartedAt: number;
  trafficEndedAt: number;
  sentAt: ReadonlyMap<string, number>;
  decidedAt: ReadonlyMap<string, number>;
}): FaultGap[] {
  return input.faults.map((fault, i) => {
    const from = fault.at - LEAD_MS;
    const until = input.faults[i + 1]?.at ?? input.trafficEndedAt;
    const waits: number[] = [];
    let undecided = 0;
    for (const [id, sent] of input.sentAt) {
      if (sent < from || sent >= until) continue;
      const decided = input.decidedAt.get(id);
      if (decided === undefined) undecided += 1;
      else waits.push(decided - sent);
    }
    waits.sort((a, b) => a - b);
    return {
      fault: fault.name,
      atSeconds: (fault.at - input.trafficStartedAt) / 1_000,
      events: waits.length + undecided,
      p50Ms: at(waits, 0.5),
      p99Ms: at(waits, 0.99),
      maxMs: waits.at(-1) ?? Number.NaN,
      undecided,
    };
  });
}

/** The fault table, as the README shows it. */
export function faultTable(gaps: readonly FaultGap[]): string {
  const s = (ms: number) => (ms / 1_000).toFixed(1);
  return [
    '| fault | at (s) | events around it | event → decision p50 / p99 / max (s) |',
    '| --- | --- | --- | --- |',
    ...gaps.map(
      (g) =>
        `| ${g.fault} | ${g.atSeconds.toFixed(0)} | ${g.events} | ${s(g.p50Ms)} / ${s(g.p99Ms)} / ${s(g.maxMs)} |`,
    ),
  ].join('\n');
}
