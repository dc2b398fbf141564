import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import type { Label } from './backtest-report.ts';

/**
 * A labels line: an eventId and what it turned out to be. Accepts the simulator's ground truth
 * (`label: attack | benign`) and plain `fraud | legit` (disputes, customers' answers, case
 * resolutions exported from elsewhere); other fields are ignored.
 */
const labelLine = z.object({
  eventId: z.string().min(1),
  label: z.enum(['fraud', 'legit', 'attack', 'benign']),
  warmup: z.boolean().optional(),
});

export function parseLabels(text: string, source: string): Map<string, Label> {
  const labels = new Map<string, Label>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new VigilError('INVALID_LABELS', `${source}:${i + 1} is not JSON`, {
        retryable: false,
        cause,
      });
    }
    const parsed = labelLine.safeParse(value);
    if (!parsed.success)
      throw new VigilError(
        'INVALID_LABELS',
        `${source}:${i + 1}: ${parsed.error.issues[0]?.message}`,
        {
          retryable: false,
        },
      );
    const { eventId, label } = parsed.data;
    labels.set(eventId, label === 'fraud' || label === 'attack' ? 'fraud' : 'legit');
  });
  return labels;
}
