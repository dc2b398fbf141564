/**
 * Orders strings by Unicode code point, which is UTF-8 byte order: how Redis orders sorted-set
 * members (memcmp) and how the Lua scripts break ties (byte-order.lua). JavaScript's `<` compares
 * UTF-16 code units, which puts U+E000–U+FFFF after the surrogate pairs of U+10000 and above,
 * where bytes put them before; ids are any string, so the reference must not use `<`.
 */
export function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Only where both are at or above the surrogates does code-unit order differ: move the
    // surrogates (U+D800–U+DFFF) above U+E000–U+FFFF, as their code points are.
    if (x >= 0xd800 && y >= 0xd800) {
      x += x >= 0xe000 ? -0x800 : 0x2000;
      y += y >= 0xe000 ? -0x800 : 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
