/**
 * Sizes of the feature state that the Redis script (the store passes them in ARGV) and the
 * in-memory reference model share: changing one changes what is stored, so both change together.
 */

/**
 * Bytes of event detail a counter bucket (or a daily hour) keeps: ",offset[:increment]" per event
 * (the increment when not 1), e.g. 12 events of a 5 s bucket, 8 of an hour's, 4 amounts of an
 * hour's. Past that only the range of offsets and the sum. 64 keeps the field within Redis's
 * default hash-max-listpack-value, so a counter hash stays a compact listpack.
 */
export const BUCKET_DETAIL_BYTES = 64;

/** A local day's total is kept in hourly slots, so an event can read its day as of its own time. */
export const DAILY_SLOT_MS = 3_600_000;

/** How many of the newest records a last_event feature keeps (by event time). */
export const LAST_EVENT_RECORDS = 4;

/**
 * Default lateness horizon: state is kept long enough to answer, exactly, events up to this late
 * (behind the newest event of the same state); later ones may under-count.
 */
export const DEFAULT_LATENESS_HORIZON_MS = 3_600_000;

/**
 * Cap on the buckets a counter keeps beyond its window for late events: three hours of 5 s
 * buckets (the smallest the default rules use), so a short-bucket counter stays bounded whatever
 * the horizon; with a longer horizon, such a counter may under-count events later than that.
 * Only buckets that saw an event are stored, so the cap binds only on entities busy every bucket.
 */
export const MAX_LATE_BUCKETS = 2_160;
