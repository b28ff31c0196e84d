/** Delay before reconnect attempt `attempt` (1-based): "full jitter" exponential backoff, capped. Pure: `random` is injected. */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
}

export function backoffDelay(
  attempt: number,
  { baseMs = 500, maxMs = 30_000, random = Math.random }: BackoffOptions = {},
): number {
  if (attempt <= 0) return 0;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  // half fixed, half random: never 0 (no thundering herd retrying at once), never above the cap
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
