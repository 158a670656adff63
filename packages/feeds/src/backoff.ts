const BASE_SEC = 60;
const CAP_SEC = 6 * 60 * 60;

/**
 * Seconds to wait before polling a source again after `consecutiveFailures`
 * failures in a row: 60·2^(n-1), capped at 6 hours. Deterministic (no jitter)
 * so the schedule is predictable and testable; 0 when there was no failure.
 */
export function backoffSeconds(consecutiveFailures: number): number {
  if (!Number.isFinite(consecutiveFailures) || consecutiveFailures <= 0) return 0;
  const n = Math.floor(consecutiveFailures);
  if (n > 20) return CAP_SEC;
  return Math.min(CAP_SEC, BASE_SEC * 2 ** (n - 1));
}
