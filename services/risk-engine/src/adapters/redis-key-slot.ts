/** Redis Cluster's slot count. */
export const CLUSTER_SLOTS = 16_384;

// CRC16-CCITT (XMODEM), the hash Redis Cluster takes of a key (or of its {hash tag}).
const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i += 1) {
  let crc = i << 8;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
  TABLE[i] = crc & 0xffff;
}

function crc16(bytes: Uint8Array, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i += 1)
    crc = ((crc << 8) ^ TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!) & 0xffff;
  return crc;
}

/**
 * The slot of a key, as Redis Cluster computes it: of the text between the first `{` and the
 * next `}` when that is not empty, else of the whole key (UTF-8 bytes).
 */
export function keySlot(key: string): number {
  const bytes = Buffer.from(key, 'utf8');
  const open = bytes.indexOf(0x7b);
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) return crc16(bytes, open + 1, close) % CLUSTER_SLOTS;
  }
  return crc16(bytes, 0, bytes.length) % CLUSTER_SLOTS;
}

let slotTags: string[] | undefined;

/**
 * A short hash tag for each slot (`slotTag(s)` in braces hashes to slot s): the keys of state kept
 * per slot rather than per entity (the cluster store's per-slot dedupe markers) are named with it,
 * so they do not depend on which entities an event used. Built once (16,384 tags, ~150k hashes).
 */
export function slotTag(slot: number): string {
  if (!slotTags) {
    const tags = new Array<string>(CLUSTER_SLOTS);
    let found = 0;
    for (let i = 0; found < CLUSTER_SLOTS; i += 1) {
      const tag = i.toString(36);
      const bytes = Buffer.from(tag, 'latin1');
      const slot = crc16(bytes, 0, bytes.length) % CLUSTER_SLOTS;
      if (tags[slot] === undefined) {
        tags[slot] = tag;
        found += 1;
      }
    }
    slotTags = tags;
  }
  const tag = slotTags[slot];
  if (tag === undefined) throw new RangeError(`no Redis Cluster slot ${slot}`);
  return tag;
}
