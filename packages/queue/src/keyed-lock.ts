import type { Redis } from "ioredis";
import { Mutex } from "redis-semaphore";

/** Runs work for the same key one at a time: in one process (KeyedMutex) or across processes (Redis). */
export interface KeyedLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * A lock per key shared by every process on one Redis (redis-semaphore's Mutex:
 * SET NX with a token, released only by its holder, refreshed while held). A
 * process that dies holding it frees it after `lockTimeoutMs`. Waiting longer
 * than `acquireTimeoutMs` throws, so a job fails and is retried rather than hang.
 */
export function redisKeyedLock(
  redis: Redis,
  prefix: string,
  opts: { lockTimeoutMs?: number; acquireTimeoutMs?: number; onLost?: (key: string, err: Error) => void } = {},
): KeyedLock {
  const lockTimeout = opts.lockTimeoutMs ?? 30_000;
  return {
    async run(key, fn) {
      const mutex = new Mutex(redis, `${prefix}:lock:${key}`, {
        lockTimeout,
        acquireTimeout: opts.acquireTimeoutMs ?? 60_000,
        retryInterval: 5,
        refreshInterval: lockTimeout / 3,
        onLockLost: (err) => opts.onLost?.(key, err),
      });
      await mutex.acquire();
      try {
        return await fn();
      } finally {
        await mutex.release();
      }
    },
  };
}
