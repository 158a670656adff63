import { describe, expect, it } from "vitest";
import { addressKey } from "./address-key.ts";

describe("addressKey", () => {
  it("keeps IPv4 and non-addresses as they are", () => {
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("unknown")).toBe("unknown");
  });

  it("counts an IPv4-mapped IPv6 address as its IPv4", () => {
    expect(addressKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("::FFFF:203.0.113.9")).toBe("203.0.113.9");
  });

  it("counts every IPv6 address of one /64 under one key", () => {
    const a = addressKey("2001:db8:a:b:1:2:3:4");
    expect(a).toBe("2001:db8:a:b::/64");
    expect(addressKey("2001:0db8:000a:000b::ffff")).toBe(a);
    expect(addressKey("2001:db8:a:b::")).toBe(a);
    expect(addressKey("2001:db8:a:c::1")).not.toBe(a);
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("2001:db8::203.0.113.9")).toBe("2001:db8:0:0::/64");
  });
});
