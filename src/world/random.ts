// The world's seeded random source (mulberry32): its state is part of the saved world,
// so every run can be replayed.
export interface RandomState {
  seed: number;
}

/** A float in [0, 1); advances the state. */
export function nextRandom(state: RandomState): number {
  state.seed = (state.seed + 0x6d2b79f5) >>> 0;
  let t = state.seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A locally administered unicast MAC address, as the kernel's eth_random_addr makes them. */
export function randomMac(state: RandomState): string {
  const bytes = Array.from({ length: 6 }, () => Math.floor(nextRandom(state) * 256));
  bytes[0] = ((bytes[0] ?? 0) & 0xfe) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");
}
