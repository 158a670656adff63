import type { LookupAddress, LookupOptions } from "node:dns";
import dns from "node:dns";
import ipaddr from "ipaddr.js";

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

/**
 * True when `address` (an IP literal) is not a public unicast address:
 * private, loopback, link-local (incl. 169.254.169.254 cloud metadata),
 * unique-local, multicast, unspecified, reserved, CGNAT, and IPv6 forms that
 * embed an IPv4 address (IPv4-compatible ::/96, NAT64, 6to4, Teredo). An
 * IPv4-mapped address (::ffff:a.b.c.d) is judged by its IPv4 address. Other
 * IPv6 must be global unicast (2000::/3) outside every special range.
 * Unparseable → blocked.
 */
export function isBlockedAddress(address: string): boolean {
  const ip = parseIp(address);
  if (!ip) return true;
  if (ip.kind() === "ipv4") return ip.range() !== "unicast";
  const v6 = ip as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range() !== "unicast";
  return !v6.match(GLOBAL_UNICAST_V6) || v6.range() !== "unicast";
}

function parseIp(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const unbracketed = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const bare = unbracketed.split("%")[0] ?? unbracketed;
  try {
    if (!bare.includes(":")) return ipaddr.IPv4.parse(bare);
    // ipaddr.js reads "::a.b.c.d" as IPv4-mapped; the WHATWG serializer writes it as the
    // IPv4-compatible ::hhhh:hhhh it really is, so parse that form instead.
    return ipaddr.IPv6.parse(new URL(`http://[${bare}]/`).hostname.slice(1, -1));
  } catch {
    return null;
  }
}

export function isIpLiteral(hostname: string): boolean {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (ipaddr.IPv6.isValid(bare) || ipaddr.IPv4.isValidFourPartDecimal(bare));
}

export class BlockedAddressError extends Error {
  readonly code = "EKLINIKBLOCKED";
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to ${address}, a private or reserved address`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that refuses private targets. The check runs on
 * the address the socket will actually connect to, so a DNS answer that
 * changes between validation and connection (rebinding) cannot slip through.
 */
export function safeLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { family: options.family ?? 0, hints: options.hints, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    const blocked = addresses.find((a) => isBlockedAddress(a.address));
    if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), "", 0);
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
    callback(null, first.address, first.family);
  });
}
