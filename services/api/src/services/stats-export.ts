import { CSV_BOM, csvLine } from "./audit-csv.ts";
import { ITEM_KINDS, type StatsFigures, type StatsReport, VERDICT_KEYS } from "./stats-report.ts";

/**
 * Statistics as open data: a metadata block in the shape Satu Data Indonesia
 * portals (CKAN) publish with a dataset — title, description, period, region
 * code, licence, publisher (produsen data), when generated, where from — then
 * the figures. CSV rows are long-format (one figure per row, region code and
 * name beside it) as Indonesian open-data portals publish tables.
 */

export const STATS_LICENSE = {
  id: "CC-BY-4.0",
  title: "Creative Commons Attribution 4.0 International",
  url: "https://creativecommons.org/licenses/by/4.0/",
} as const;

const TZ_LABEL: Record<string, string> = { "Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT" };

export interface StatsMetadata {
  title: string;
  description: string;
  scope: StatsReport["scope"];
  regionCode: string | null;
  regionName: string;
  period: { from: string; to: string; timezone: string; timezoneLabel: string };
  license: typeof STATS_LICENSE;
  publisher: string;
  generatedAt: string;
  /** The page or API address the figures come from. */
  source: string;
}

export function statsMetadata(r: StatsReport, source: string, now = new Date()): StatsMetadata {
  const regionName = r.clinic?.publicName ?? "Indonesia";
  return {
    title: `Statistik Klinik Hoaks — ${regionName}, ${r.period.from} s.d. ${r.period.to}`,
    description:
      "Jumlah pesan masuk per hari menurut jenis sumber dan putusan, klaim yang diputus dan diklarifikasi, " +
      "median dan persentil ke-90 waktu dari pertama terlihat sampai putusan dan sampai klarifikasi (detik), klaim teratas.",
    scope: r.scope,
    regionCode: r.clinic ? r.clinic.regionCode : "ID",
    regionName,
    period: {
      from: r.period.from,
      to: r.period.to,
      timezone: r.period.timezone,
      timezoneLabel: TZ_LABEL[r.period.timezone] ?? r.period.timezone,
    },
    license: STATS_LICENSE,
    publisher: r.clinic?.publicName ?? "Klinik Hoaks",
    generatedAt: now.toISOString(),
    source,
  };
}

const figuresDto = (f: StatsFigures) => ({
  totals: f.totals,
  byKind: f.byKind,
  byVerdict: f.byVerdict,
  decided: f.decided,
  timeToVerdict: f.timeToVerdict,
  timeToClarification: f.timeToClarification,
});

/** The JSON download and API answer: metadata, then the figures. */
export function statsJson(r: StatsReport, meta: StatsMetadata) {
  return {
    metadata: meta,
    ...figuresDto(r),
    days: r.days,
    topClaims: r.topClaims.map((t) => ({
      id: t.cluster_id,
      clinic: t.clinic_slug,
      items: t.items,
      verdict: t.verdict,
      excerpt: t.excerpt,
      clarification: t.clarification_id
        ? {
            id: t.clarification_id,
            title: t.clarification_title ?? "",
            url: `/k/${t.clinic_slug}/klarifikasi/${t.clarification_id}`,
          }
        : null,
    })),
    clinics: r.clinics.map((c) => ({
      id: c.id,
      slug: c.slug,
      name: c.publicName,
      regionCode: c.regionCode,
      ...figuresDto(c),
    })),
  };
}
export type StatsJson = ReturnType<typeof statsJson>;

const HEADER = ["tanggal", "kode_wilayah", "nama_wilayah", "indikator", "kategori", "nilai", "satuan"];

/**
 * The CSV download: UTF-8 with BOM, CRLF, RFC 4180 quoting and no cell a
 * spreadsheet would run as a formula (the audit CSV's cells). First the
 * metadata as `kunci,nilai` rows, an empty line, then the table.
 */
export function statsCsv(r: StatsReport, meta: StatsMetadata): string {
  const out: string[] = [CSV_BOM];
  const m = (k: string, v: string | null) => out.push(csvLine([k, v]));
  m("judul", meta.title);
  m("deskripsi", meta.description);
  m("cakupan", meta.scope);
  m("kode_wilayah", meta.regionCode);
  m("nama_wilayah", meta.regionName);
  m("periode_awal", meta.period.from);
  m("periode_akhir", meta.period.to);
  m("zona_waktu", `${meta.period.timezone} (${meta.period.timezoneLabel})`);
  m("lisensi", `${meta.license.id} ${meta.license.url}`);
  m("produsen_data", meta.publisher);
  m("dibuat_pada", meta.generatedAt);
  m("sumber", meta.source);
  out.push("\r\n", csvLine(HEADER));
  const code = meta.regionCode;
  const name = meta.regionName;
  for (const d of r.days) {
    const row = (indicator: string, category: string, value: number, unit = "pesan") =>
      out.push(csvLine([d.date, code, name, indicator, category, value, unit]));
    row("pesan_masuk", "semua", d.items);
    for (const k of ITEM_KINDS) if (d.byKind[k] > 0) row("pesan_masuk_menurut_sumber", k, d.byKind[k]);
    for (const v of VERDICT_KEYS) if (d.byVerdict[v] > 0) row("pesan_masuk_menurut_putusan", v, d.byVerdict[v]);
    row("klaim_diklarifikasi", "semua", d.claimsClarified, "klaim");
  }
  const period = `${r.period.from}/${r.period.to}`;
  const figures = (regionCode: string | null, regionName: string, f: StatsFigures) => {
    const row = (indicator: string, category: string, value: number | null, unit: string) =>
      out.push(csvLine([period, regionCode, regionName, indicator, category, value, unit]));
    row("pesan_masuk", "semua", f.totals.items, "pesan");
    row("laporan_publik", "semua", f.totals.reports, "pesan");
    for (const v of VERDICT_KEYS) if (f.decided[v] > 0) row("klaim_diputus", v, f.decided[v], "klaim");
    row("klaim_diklarifikasi", "semua", f.totals.claimsClarified, "klaim");
    row("waktu_sampai_putusan", "median", f.timeToVerdict.medianSeconds, "detik");
    row("waktu_sampai_putusan", "p90", f.timeToVerdict.p90Seconds, "detik");
    row("waktu_sampai_klarifikasi", "median", f.timeToClarification.medianSeconds, "detik");
    row("waktu_sampai_klarifikasi", "p90", f.timeToClarification.p90Seconds, "detik");
  };
  figures(code, name, r);
  for (const c of r.clinics) figures(c.regionCode, c.publicName, c);
  for (const t of r.topClaims) {
    const label = t.clarification_title ?? t.excerpt ?? t.cluster_id;
    out.push(csvLine([period, code, name, "klaim_teratas", label, t.items, "pesan"]));
  }
  return out.join("");
}
