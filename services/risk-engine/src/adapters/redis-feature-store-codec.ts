import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import type { FeatureOp, FeatureValue, LastEventRecord } from '@vigil/rules';

/** Operands per feature in the script's packed ARGV[14]: kind, state key index, four more. */
export const ARGS_PER_FEATURE = 6;

const lastEventRecord = z.object({
  at: z.number().int(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});

function corrupt(what: string, raw: unknown, cause?: unknown): VigilError {
  return new VigilError(
    'FEATURE_STATE_CORRUPT',
    `unexpected ${what} from Redis: ${JSON.stringify(raw)?.slice(0, 200)}`,
    {
      retryable: false,
      cause,
    },
  );
}

/** One feature's operands: numbers stay numbers (see packOperands), unused places are ''. */
type Operands = (string | number)[];

// Module-level, not a closure per call: this runs for every feature of every event. Writes into
// `out` (the call's operands) at `at` instead of building an array per feature; unused places
// are ''.
function args(
  out: Operands,
  at: number,
  kind: string,
  keyIndex: number,
  a: string | number = '',
  b: string | number = '',
  c: string | number = '',
  d: string | number = '',
): Operands {
  out[at] = kind;
  out[at + 1] = keyIndex;
  out[at + 2] = a;
  out[at + 3] = b;
  out[at + 4] = c;
  out[at + 5] = d;
  return out;
}

/**
 * The script's operands for one feature: kind and key index, then per kind (strings are
 * members, field names and records; 1 / 0 are flags; the rest are numbers):
 * ctr field, span, bucket ms, increment | day ttl ms, increment | dst window ms, member, has
 * member, max members | seen member, record, retention ms, max members | last record JSON or
 * '', retention ms | avg sample or '', retention ms, max samples | list.
 */
export function encodeOp(
  op: FeatureOp,
  keyIndex: number,
  field: string,
  /** Where the operands are written (the call's, so no array is built per feature). */
  out: Operands = [],
  /** Where in `out` (default: appended). */
  at: number = out.length,
): Operands {
  switch (op.kind) {
    case 'counter': {
      // The script cuts the window's trailing bucket at the event's own offset: whole buckets only.
      const span = op.windowMs / op.bucketMs;
      if (!Number.isInteger(span) || span < 1)
        throw new VigilError(
          'INVALID_FEATURE',
          `counter window ${op.windowMs} ms is not a multiple of its bucket ${op.bucketMs} ms`,
          { retryable: false },
        );
      return args(out, at, 'ctr', keyIndex, field, span, op.bucketMs, op.increment);
    }
    case 'daily':
      return args(out, at, 'day', keyIndex, op.ttlMs, op.increment);
    case 'distinct':
      return args(
        out,
        at,
        'dst',
        keyIndex,
        op.windowMs,
        op.member ?? '',
        op.member === null ? 0 : 1,
        op.maxMembers,
      );
    case 'seen_before':
      return args(
        out,
        at,
        'seen',
        keyIndex,
        op.member,
        op.record ? 1 : 0,
        op.retentionMs,
        op.maxMembers,
      );
    case 'last_event':
      return args(
        out,
        at,
        'last',
        keyIndex,
        op.record === null ? '' : JSON.stringify(op.record),
        op.retentionMs,
      );
    case 'average':
      return args(
        out,
        at,
        'avg',
        keyIndex,
        op.sample === null ? '' : op.sample,
        op.retentionMs,
        op.maxSamples,
      );
    case 'list':
      return args(out, at, 'list', keyIndex);
  }
}

// A regex, not a zod schema: this runs for most features of every event.
const INTEGER = /^-?\d+$/;

function decodeInteger(raw: unknown, what: string): number {
  if (typeof raw !== 'string' || !INTEGER.test(raw)) throw corrupt(what, raw);
  return Number(raw);
}

/** The account's latest event time before the event ('' = none recorded). */
const SEEN = /^(-?\d+)?(?::(-?\d+)?(?::(-?\d+))?)?$/;

const timeOf = (text: string | undefined) => (text === undefined ? null : Number(text));

/**
 * "last:first:earliest" when seen, ":earliest" when not seen but the dimension has history, '-'
 * with no history. Results replayed from before the first and earliest times were returned read
 * '' (history, not seen) and "last": those times are then null. Object literals, not spreads of
 * a shared constant: this runs for several features of every event.
 */
function decodeSeen(raw: unknown): FeatureValue {
  if (raw === '-')
    return { kind: 'seen', lastSeenAt: null, firstSeenAt: null, known: false, historySince: null };
  const match = typeof raw === 'string' ? SEEN.exec(raw) : null;
  if (!match) throw corrupt('last-seen time', raw);
  const [, last, first, earliest] = match;
  if (last === undefined)
    return {
      kind: 'seen',
      lastSeenAt: null,
      firstSeenAt: null,
      known: true,
      historySince: timeOf(first),
    };
  return {
    kind: 'seen',
    lastSeenAt: Number(last),
    known: true,
    firstSeenAt: timeOf(first),
    historySince: timeOf(earliest),
  };
}

/** Validates one script result against the kind of feature that produced it. */
export function decodeValue(op: FeatureOp, raw: unknown): FeatureValue {
  switch (op.kind) {
    case 'counter':
    case 'daily':
    case 'distinct':
      return { kind: 'count', value: decodeInteger(raw, `${op.kind} value`) };
    case 'seen_before':
      return decodeSeen(raw);
    case 'last_event': {
      if (raw === '') return { kind: 'last', record: null };
      if (typeof raw !== 'string') throw corrupt('last event', raw);
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch (cause) {
        throw corrupt('last event', raw, cause);
      }
      const parsed = lastEventRecord.safeParse(json);
      if (!parsed.success) throw corrupt('last event', raw, parsed.error);
      const record: LastEventRecord = {
        at: parsed.data.at,
        country: parsed.data.country,
        lat: parsed.data.lat,
        lon: parsed.data.lon,
      };
      return { kind: 'last', record };
    }
    case 'average': {
      const match = typeof raw === 'string' ? /^(\d+):(-?\d+)$/.exec(raw) : null;
      if (!match) throw corrupt('average', raw);
      const count = Number(match[1]);
      return { kind: 'average', count, mean: count === 0 ? 0 : Number(match[2]) / count };
    }
    case 'list':
      if (raw !== '0' && raw !== '1') throw corrupt('list membership', raw);
      return { kind: 'listed', listed: raw === '1' };
  }
}
