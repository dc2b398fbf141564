/**
 * mulberry32: a tiny, fast seeded generator of floats in [0, 1), good enough to make a test's or a
 * benchmark's random data reproducible (the same seed, the same data; a failure can be replayed).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
