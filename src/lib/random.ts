/** Numbers between 0 and 1 that are the same for the same seed (for demo data and generated pictures). */
export type Rng = () => number;

/** mulberry32: a small, fast, seedable generator. */
export function createRng(seed = 42): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
