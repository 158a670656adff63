import type { Logger } from "@klinik/config";
import { type NotifyEvent, notifyChannel, parseNotifyEvent } from "@klinik/notify";
import type { Redis } from "ioredis";

type Listener = (event: NotifyEvent) => void;
type Entry = { listener: Listener; onClose: () => void };

/**
 * One Redis subscription per API process, fanned out to the notification
 * streams open in it, by clinic: a stream hears only its own clinic's events.
 * The subscription starts with the first stream (an app that never streams
 * never opens the extra connection) and ends with `close()`.
 */
export class NotifyHub {
  readonly #listeners = new Map<string, Set<Entry>>();
  #sub: Promise<Redis> | undefined;
  /** Set by close(): streams end instead of waiting for their next heartbeat. */
  closing = false;

  constructor(private readonly opts: { redis: Redis; prefix: string; logger: Logger }) {}

  /**
   * Calls `listener` with each event of the clinic until the returned function
   * is called; `onClose` when the hub closes (the process shuts down).
   */
  async listen(tenantId: string, listener: Listener, onClose: () => void): Promise<() => void> {
    await this.#subscribe();
    let set = this.#listeners.get(tenantId);
    if (!set) {
      set = new Set();
      this.#listeners.set(tenantId, set);
    }
    const entry = { listener, onClose };
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size === 0 && this.#listeners.get(tenantId) === set) this.#listeners.delete(tenantId);
    };
  }

  /** Streams open in this process (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const s of this.#listeners.values()) n += s.size;
    return n;
  }

  async close(): Promise<void> {
    this.closing = true;
    const sub = this.#sub;
    this.#sub = undefined;
    for (const set of this.#listeners.values()) for (const e of set) e.onClose();
    this.#listeners.clear();
    if (sub) await (await sub).quit().catch(() => {});
  }

  #subscribe(): Promise<Redis> {
    this.#sub ??= (async () => {
      // A subscribed connection can do nothing else; it waits for Redis rather than failing fast.
      const sub = this.opts.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
      sub.on("error", (err: Error) => this.opts.logger.warn({ err: err.message }, "notification subscription"));
      sub.on("message", (_channel: string, message: string) => {
        const event = parseNotifyEvent(message);
        if (!event) return;
        for (const e of this.#listeners.get(event.tenantId) ?? []) e.listener(event);
      });
      await sub.subscribe(notifyChannel(this.opts.prefix));
      return sub;
    })();
    return this.#sub;
  }
}
