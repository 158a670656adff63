/** At most this many requests in flight per host, across the whole process. */
export const PER_HOST_LIMIT = 2;

interface HostSlots {
  active: number;
  waiting: Array<() => void>;
}

const hosts = new Map<string, HostSlots>();

/**
 * Waits for a free slot for `host` and resolves with a release function
 * (idempotent). Rejects with the signal's reason if aborted while waiting.
 */
export function acquireHostSlot(host: string, signal: AbortSignal): Promise<() => void> {
  let slots = hosts.get(host);
  if (!slots) {
    slots = { active: 0, waiting: [] };
    hosts.set(host, slots);
  }
  const s = slots;
  const makeRelease = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      s.active -= 1;
      const next = s.waiting.shift();
      if (next) next();
      else if (s.active === 0) hosts.delete(host);
    };
  };
  if (s.active < PER_HOST_LIMIT) {
    s.active += 1;
    return Promise.resolve(makeRelease());
  }
  return new Promise((resolve, reject) => {
    const grant = () => {
      signal.removeEventListener("abort", onAbort);
      s.active += 1;
      resolve(makeRelease());
    };
    const onAbort = () => {
      const i = s.waiting.indexOf(grant);
      if (i >= 0) s.waiting.splice(i, 1);
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    s.waiting.push(grant);
  });
}
