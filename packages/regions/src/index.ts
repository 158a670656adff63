/**
 * Indonesia's provinces and regencies/cities with their Kemendagri codes, from
 * the maintained `idn-area-data` package (38 provinces, 514 regencies/cities),
 * plus what a clinic derives from its region: its timezone and its URL slug.
 */
import { getProvinces, getRegencies } from "idn-area-data";

export interface Region {
  /** "32" a province, "32.73" a regency/city. */
  code: string;
  name: string;
  kind: "province" | "regency";
  /** The province's code (a province's own code for itself). */
  provinceCode: string;
}

export type RegionTimezone = "Asia/Jakarta" | "Asia/Makassar" | "Asia/Jayapura";

interface Index {
  provinces: Region[];
  byCode: Map<string, Region>;
  children: Map<string, Region[]>;
}

let loading: Promise<Index> | undefined;

// The package reads its CSV files on each call: read them once per process.
function load(): Promise<Index> {
  loading ??= (async () => {
    const [ps, rs] = await Promise.all([getProvinces(), getRegencies()]);
    const provinces = ps.map((p): Region => ({ code: p.code, name: p.name, kind: "province", provinceCode: p.code }));
    const byCode = new Map(provinces.map((p) => [p.code, p]));
    const children = new Map<string, Region[]>(provinces.map((p) => [p.code, []]));
    for (const r of rs) {
      const region: Region = { code: r.code, name: r.name, kind: "regency", provinceCode: r.province_code };
      byCode.set(r.code, region);
      children.get(r.province_code)?.push(region);
    }
    return { provinces, byCode, children };
  })();
  return loading;
}

/** Every province, by code. */
export async function listProvinces(): Promise<Region[]> {
  return (await load()).provinces;
}

/** The regencies and cities of a province, by code; empty for an unknown province. */
export async function listRegencies(provinceCode: string): Promise<Region[]> {
  return (await load()).children.get(provinceCode) ?? [];
}

/** A province or regency/city by its code. */
export async function findRegion(code: string): Promise<Region | undefined> {
  return (await load()).byCode.get(code);
}

// WITA: Bali, Nusa Tenggara, South/East/North Kalimantan and every Sulawesi province.
const WITA = new Set(["51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"]);
// WIT: Maluku, North Maluku and every Papua province.
const WIT = new Set(["81", "82", "91", "92", "93", "94", "95", "96"]);

/** The timezone of a region, from its province (WIB unless WITA or WIT). */
export function regionTimezone(code: string): RegionTimezone {
  const province = code.slice(0, 2);
  if (WITA.has(province)) return "Asia/Makassar";
  if (WIT.has(province)) return "Asia/Jayapura";
  return "Asia/Jakarta";
}

/**
 * A clinic's URL slug from its region's name: "Jawa Barat" → "jawa-barat",
 * "Kota Bandung" → "kota-bandung", "Kabupaten Bandung" → "kab-bandung".
 * Names are unique in the list today; {@link uniqueSlug} settles a collision.
 */
export function regionSlug(region: Pick<Region, "name">): string {
  const name = region.name.replace(/^Kabupaten\s+/i, "kab ");
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

/**
 * A slug not in `taken`: the region's slug, else with its code appended
 * ("kab-bandung-32-04"), else with a counter. Adds the result to `taken`.
 */
export function uniqueSlug(region: Pick<Region, "name" | "code">, taken: Set<string>): string {
  const base = regionSlug(region) || "klinik";
  const candidates = [base, `${base}-${region.code.replace(/\./g, "-")}`];
  let slug = candidates.find((c) => !taken.has(c));
  for (let n = 2; !slug; n++) if (!taken.has(`${candidates[1]}-${n}`)) slug = `${candidates[1]}-${n}`;
  taken.add(slug);
  return slug;
}
