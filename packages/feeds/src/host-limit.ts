/** At most this many requests per host, across the whole process, that are within their time slice. */
export const PER_HOST_LIMIT = 2;
/** A request that has held its host slot this long gives it up to the next one (see acquireHostSlot). */
export const DEFAULT_SLICE_MS = 2_000;
/** Requests per host, across the process, that may go on past their slice while others of the host wait. */
export const SLOW_LANE = 1;

type State = "fast" | "slow" | "overstay";

interface Slot {
  state: State;
  timer: NodeJS.Timeout | undefined;
  evict: () => void;
}

interface Host {
  /** Slots within their slice, plus overstaying ones (past it, but no one was waiting). */
  active: number;
  slow: number;
  waiting: Array<() => void>;
  overstaying: Slot[];
}

const hosts = new Map<string, Host>();

function grantNext(h: Host): void {
  while (h.active < PER_HOST_LIMIT) {
    const next = h.waiting.shift();
    if (!next) return;
    next();
  }
}

/** A fast or overstaying slot moves to the slow lane: its slot goes to the next waiter. */
function toSlowLane(h: Host, slot: Slot): void {
  const i = h.overstaying.indexOf(slot);
  if (i >= 0) h.overstaying.splice(i, 1);
  slot.state = "slow";
  h.active -= 1;
  h.slow += 1;
  grantNext(h);
}

function onSlice(h: Host, slot: Slot): void {
  if (slot.state !== "fast") return;
  if (h.slow < SLOW_LANE) toSlowLane(h, slot);
  else if (h.waiting.length > 0) slot.evict();
  else {
    slot.state = "overstay";
    h.overstaying.push(slot);
  }
}

/**
 * Waits for a slot for `host` and resolves with a release function
 * (idempotent). Rejects with the signal's reason if aborted while waiting.
 *
 * Time-sliced, so a slow or hostile server cannot starve the other feeds it
 * hosts: a request still running after `sliceMs` moves to the host's slow lane
 * (one per host) and frees its slot; if the lane is taken and other requests of
 * the host are waiting, `evict` is called (the caller ends the request, which
 * is tried again at its next schedule). Without waiters it may go on. So a
 * good feed waits at most about `sliceMs` behind slow ones of its host,
 * instead of their whole timeout (`pnpm bench ingest-hosts`).
 */
export function acquireHostSlot(
  host: string,
  signal: AbortSignal,
  evict: () => void = () => {},
  sliceMs = DEFAULT_SLICE_MS,
): Promise<() => void> {
  let h = hosts.get(host);
  if (!h) {
    h = { active: 0, slow: 0, waiting: [], overstaying: [] };
    hosts.set(host, h);
  }
  const s = h;
  const grant = (): (() => void) => {
    s.active += 1;
    const slot: Slot = { state: "fast", timer: undefined, evict };
    if (Number.isFinite(sliceMs)) {
      slot.timer = setTimeout(() => onSlice(s, slot), sliceMs);
      slot.timer.unref();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      clearTimeout(slot.timer);
      if (slot.state === "slow") {
        s.slow -= 1;
        const waitingSlow = s.overstaying[0];
        if (waitingSlow) toSlowLane(s, waitingSlow);
      } else {
        s.active -= 1;
        const i = s.overstaying.indexOf(slot);
        if (i >= 0) s.overstaying.splice(i, 1);
      }
      grantNext(s);
      if (s.active === 0 && s.slow === 0 && s.waiting.length === 0) hosts.delete(host);
    };
  };
  if (s.active < PER_HOST_LIMIT) return Promise.resolve(grant());
  return new Promise((resolve, reject) => {
    const next = () => {
      signal.removeEventListener("abort", onAbort);
      resolve(grant());
    };
    const onAbort = () => {
      const i = s.waiting.indexOf(next);
      if (i >= 0) s.waiting.splice(i, 1);
      if (s.active === 0 && s.slow === 0 && s.waiting.length === 0) hosts.delete(host);
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    s.waiting.push(next);
    // Someone now waits: a request that overstayed its slice while no one did gives way.
    s.overstaying.shift()?.evict();
  });
}
