/** A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence. */
export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
}

/** The generator for `seed`; default: CHAOS_SEED from the environment, else a fresh one. */
export function seededRandom(
  seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31)),
): SeededRandom {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, between: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}
