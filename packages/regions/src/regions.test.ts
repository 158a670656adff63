import { describe, expect, it } from "vitest";
import { findRegion, listProvinces, listRegencies, regionSlug, regionTimezone, uniqueSlug } from "./index.ts";

describe("regions", () => {
  it("lists 38 provinces and 514 regencies/cities with their codes", async () => {
    const provinces = await listProvinces();
    expect(provinces).toHaveLength(38);
    expect(provinces.find((p) => p.code === "32")?.name).toBe("Jawa Barat");
    let total = 0;
    for (const p of provinces) total += (await listRegencies(p.code)).length;
    expect(total).toBe(514);
    const jabar = await listRegencies("32");
    expect(jabar).toHaveLength(27);
    expect(jabar.every((r) => r.provinceCode === "32" && r.kind === "regency" && r.code.startsWith("32."))).toBe(true);
    expect(await listRegencies("99")).toEqual([]);
  });

  it("finds a region by code", async () => {
    expect(await findRegion("32.73")).toMatchObject({ name: "Kota Bandung", kind: "regency", provinceCode: "32" });
    expect(await findRegion("51")).toMatchObject({ name: "Bali", kind: "province" });
    expect(await findRegion("32.99")).toBeUndefined();
  });

  it("gives every province its timezone (WIB, WITA, WIT)", async () => {
    const byZone = new Map<string, string[]>();
    for (const p of await listProvinces()) {
      const tz = regionTimezone(p.code);
      byZone.set(tz, [...(byZone.get(tz) ?? []), p.name]);
    }
    expect(byZone.get("Asia/Makassar")?.sort()).toEqual(
      [
        "Bali",
        "Nusa Tenggara Barat",
        "Nusa Tenggara Timur",
        "Kalimantan Selatan",
        "Kalimantan Timur",
        "Kalimantan Utara",
        "Sulawesi Utara",
        "Sulawesi Tengah",
        "Sulawesi Selatan",
        "Sulawesi Tenggara",
        "Gorontalo",
        "Sulawesi Barat",
      ].sort(),
    );
    expect(byZone.get("Asia/Jayapura")).toHaveLength(8);
    expect(byZone.get("Asia/Jayapura")?.every((n) => /Maluku|Papua/.test(n))).toBe(true);
    expect(byZone.get("Asia/Jakarta")).toHaveLength(18);
    expect(regionTimezone("32.73")).toBe("Asia/Jakarta");
    expect(regionTimezone("94.01")).toBe("Asia/Jayapura");
  });

  it("makes readable, unique slugs", async () => {
    expect(regionSlug({ name: "Jawa Barat" })).toBe("jawa-barat");
    expect(regionSlug({ name: "Kota Bandung" })).toBe("kota-bandung");
    expect(regionSlug({ name: "Kabupaten Bandung" })).toBe("kab-bandung");
    expect(regionSlug({ name: "Kabupaten Toli-Toli" })).toBe("kab-toli-toli");
    const taken = new Set(["kab-bandung"]);
    expect(uniqueSlug({ name: "Kabupaten Bandung", code: "32.04" }, taken)).toBe("kab-bandung-32-04");
    expect(uniqueSlug({ name: "Kabupaten Bandung", code: "32.04" }, taken)).toBe("kab-bandung-32-04-2");
    // Every region of the list gets a distinct slug.
    const all = new Set<string>();
    for (const p of await listProvinces()) {
      uniqueSlug(p, all);
      for (const r of await listRegencies(p.code)) uniqueSlug(r, all);
    }
    expect(all.size).toBe(38 + 514);
    expect([...all].every((s) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s))).toBe(true);
  });
});
