/** One injected fault: its name and when it was injected (performance.now()). */
export interface Fault {
  name: string;
  at: number;
}

export interface FaultGap {
  fault: string;
  /** Seconds since the traffic started. */
  atSeconds: number;
  /**
   * Events sent from 1 s before the fault until the next fault (or the end of the traffic), less
   * those still waiting for their decision when the next fault hit, plus such events of earlier
   * faults: an event counts for the last fault it ran into.
   */
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
 * The fault an event's wait counts for (-1: none, sent before the first one's lead): the one it
 * was sent around (from 1 s before it up to the next one), or a later one that hit while the
 * event still waited for its decision. On a loaded box the pipeline lags seconds behind, so events
 * sent just before a broker restart wait for the broker although sent "around" the previous fault.
 * An undecided event stays with the fault it was sent around (where to look for what lost it).
 */
function faultOf(faults: readonly Fault[], sent: number, decided: number | undefined): number {
  let owner = -1;
  faults.forEach((fault, i) => {
    const sentAround = sent >= fault.at - LEAD_MS;
    const waitingWhenHit = decided !== undefined && sent < fault.at && decided > fault.at;
    if (sentAround || waitingWhenHit) owner = i;
  });
  return owner;
}

/**
 * The wait per fault: each event attributed to the last fault it ran into (see faultOf), their
 * event → decision times. A fault the pipeline absorbs shows the steady-state wait; one it stalls
 * on shows the stall in max and p99.
 */
export function faultGaps(input: {
  faults: readonly Fault[];
  trafficStartedAt: number;
  trafficEndedAt: number;
  sentAt: ReadonlyMap<string, number>;
  decidedAt: ReadonlyMap<string, number>;
}): FaultGap[] {
  const waits = input.faults.map((): number[] => []);
  const undecided = input.faults.map(() => 0);
  for (const [id, sent] of input.sentAt) {
    if (sent >= input.trafficEndedAt) continue;
    const decided = input.decidedAt.get(id);
    const owner = faultOf(input.faults, sent, decided);
    if (owner < 0) continue;
    if (decided === undefined) undecided[owner]! += 1;
    else waits[owner]!.push(decided - sent);
  }
  return input.faults.map((fault, i) => {
    const sorted = waits[i]!.sort((a, b) => a - b);
    return {
      fault: fault.name,
      atSeconds: (fault.at - input.trafficStartedAt) / 1_000,
      events: sorted.length + undecided[i]!,
      p50Ms: at(sorted, 0.5),
      p99Ms: at(sorted, 0.99),
      maxMs: sorted.at(-1) ?? Number.NaN,
      undecided: undecided[i]!,
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
