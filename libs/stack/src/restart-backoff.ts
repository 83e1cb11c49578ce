/** Exponential restart delay; a run that lasted long enough counts as healthy and resets it. */
export interface BackoffPolicy {
  minMs: number;
  maxMs: number;
  resetAfterMs: number;
}

export function nextBackoffMs(previousMs: number | null, ranForMs: number, policy: BackoffPolicy): number {
  if (previousMs === null || ranForMs >= policy.resetAfterMs) return policy.minMs;
  return Math.min(previousMs * 2, policy.maxMs);
}
