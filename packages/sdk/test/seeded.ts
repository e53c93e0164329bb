/** Seeded pseudo-random data, so every test run sees the same inputs. */

/** mulberry32: returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` decimal digits from a linear congruential generator. */
export function seededDigits(count: number, seed: number): string {
  let state = seed >>> 0;
  let out = "";
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += String(Math.floor(((state >>> 8) / 2 ** 24) * 10));
  }
  return out;
}
