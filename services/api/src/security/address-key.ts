import { isIPv4, isIPv6 } from "node:net";

/**
 * The key a client address is counted under: IPv4 as is, IPv4-mapped IPv6 as
 * its IPv4, and IPv6 by its /64 prefix, because one subscriber (one attacker)
 * usually holds a whole /64 and would otherwise get a fresh budget per address.
 * Anything that is not an IP address (e.g. "unknown") is returned unchanged.
 */
export function addressKey(address: string): string {
  const a = address.trim().toLowerCase();
  if (isIPv4(a) || !isIPv6(a)) return a;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  return `${expandIPv6(a).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, without leading zeros. */
function expandIPv6(a: string): string[] {
  const [head = "", tail] = a.split("%")[0]?.split("::") ?? [];
  const part = (s: string | undefined) => (s ? s.split(":") : []);
  let left = part(head);
  let right = part(tail);
  // An embedded IPv4 tail (::1.2.3.4) stands for the last two groups.
  const last = (tail === undefined ? left : right).at(-1) ?? "";
  if (isIPv4(last)) {
    const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = last.split(".").map(Number);
    const groups = [((b0 << 8) | b1).toString(16), ((b2 << 8) | b3).toString(16)];
    if (tail === undefined) left = [...left.slice(0, -1), ...groups];
    else right = [...right.slice(0, -1), ...groups];
  }
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((g) => Number.parseInt(g, 16).toString(16));
}
