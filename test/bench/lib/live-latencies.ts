/**
 * A step's latencies, one event per line for `--latencies-dir`: its send time as an offset from
 * the step's first send (ms), its latency (ms; NaN when it was never decided) and its eventId,
 * tab-separated, in send order; the first line gives the wall-clock time of the first send. The
 * report's percentiles say how slow the slowest 1% are; this says when they were sent, which is
 * what tells a service's GC pause or CPU burst (a cluster) from a per-event cost (spread out).
 */
export function stepLatencyLines(
  sentAt: ReadonlyMap<string, number>,
  seenAt: ReadonlyMap<string, number>,
  timeOrigin: number,
): string {
  if (sentAt.size === 0) return '# no events sent\n';
  let first = Infinity;
  for (const at of sentAt.values()) first = Math.min(first, at);
  const lines = [`# first send ${new Date(timeOrigin + first).toISOString()}`];
  for (const [id, at] of sentAt) {
    const seen = seenAt.get(id);
    lines.push(
      `${(at - first).toFixed(1)}\t${seen === undefined ? 'NaN' : (seen - at).toFixed(1)}\t${id}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The file of a step's lines: its label made a file name ("500/s" → "500_s.tsv"). */
export const stepLatencyFile = (label: string) => `${label.replace(/[^A-Za-z0-9.-]/g, '_')}.tsv`;
