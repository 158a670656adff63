import type { Redis } from "ioredis";

/**
 * How many notification streams each person holds open, counted in Redis so
 * the limit holds over every API process. Each stream is a member of the
 * person's sorted set scored by its last heartbeat; a stream whose process
 * died stops beating and no longer counts after `staleMs`.
 */
export class StreamSlots {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly staleMs: number,
  ) {}

  #key(userId: string) {
    return `${this.prefix}:notify:streams:${userId}`;
  }

  /** Takes a slot for stream `id`; false when the person already holds `limit` live streams. */
  async acquire(userId: string, id: string): Promise<boolean> {
    const key = this.#key(userId);
    const now = Date.now();
    const res = await this.redis
      .multi()
      .zremrangebyscore(key, "-inf", now - this.staleMs)
      .zadd(key, now, id)
      .zrank(key, id)
      .pexpire(key, this.staleMs * 2)
      .exec();
    // By arrival (score, then id): the streams beyond the limit give their place back.
    const rank = Number(res?.[2]?.[1] ?? this.limit);
    if (rank < this.limit) return true;
    await this.redis.zrem(key, id);
    return false;
  }

  async touch(userId: string, id: string): Promise<void> {
    const key = this.#key(userId);
    await this.redis
      .multi()
      .zadd(key, "XX", Date.now(), id)
      .pexpire(key, this.staleMs * 2)
      .exec();
  }

  async release(userId: string, id: string): Promise<void> {
    await this.redis.zrem(this.#key(userId), id);
  }
}
