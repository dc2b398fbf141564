// cyrb53, a fast 53-bit string hash, fed text by text: hashText hashes one text, firstResultsTag
// a sequence of them without building their concatenation (it runs for every event). The state
// is two numbers at module level, not an object per hash: every use is synchronous, begun with
// cyrb53Begin and read with cyrb53Digest.
let h1 = 0;
let h2 = 0;

export function cyrb53Begin(): void {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
}

/** Feeds the UTF-16 code units of `text`, and a NUL after them when `terminated`. */
export function cyrb53Feed(text: string, terminated = false): void {
  let a = h1;
  let b = h2;
  const end = terminated ? text.length + 1 : text.length;
  for (let i = 0; i < end; i += 1) {
    // The NUL: charCodeAt past the end is NaN, and NaN ^ h is h, so it cannot stand in for it.
    const ch = i < text.length ? text.charCodeAt(i) : 0;
    a = Math.imul(a ^ ch, 2654435761);
    b = Math.imul(b ^ ch, 1597334677);
  }
  h1 = a;
  h2 = b;
}

/** The hash of what was fed since cyrb53Begin, in base 36. */
export function cyrb53Digest(): string {
  const a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return (4294967296 * (2097151 & b) + (a >>> 0)).toString(36);
}
