import type { AuditRow } from "@klinik/db";
import { describe, expect, it } from "vitest";
import { auditCsvHeader, auditCsvLines, auditCsvStream, csvCell, csvLine } from "./audit-csv.ts";

const row = (over: Partial<AuditRow>): AuditRow => ({
  seq: 1,
  id: "r1",
  tenant_id: "t1",
  clinic_slug: "kab-bogor",
  actor_id: "u1",
  actor_label: "ana@bogor.test",
  action: "claim.verdict",
  target_type: "cluster",
  target_id: "c1",
  summary: JSON.stringify({ before: { status: "new" }, after: { status: "done" } }),
  address: "203.0.113.7",
  created_at: "2026-11-30T05:04:14.000Z",
  ...over,
});

describe("audit CSV", () => {
  it("quotes commas, quotes and line breaks as RFC 4180 says", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(csvCell("x\r\ny")).toBe('"x\r\ny"');
    expect(csvCell(null)).toBe("");
    expect(csvLine(["a", "b,c"])).toBe('a,"b,c"\r\n');
  });

  it("never lets a cell start like a formula", () => {
    for (const bad of ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]) {
      expect(csvCell(bad).replace(/^"/, "").startsWith("'")).toBe(true);
    }
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("ana@bogor.test")).toBe("ana@bogor.test");
  });

  it("starts with a byte order mark and a header, times in the clinic's zone beside UTC", () => {
    expect(auditCsvHeader("id", "WIB").startsWith("\uFEFFWaktu (WIB),Waktu (UTC),Klinik,")).toBe(true);
    const line = auditCsvLines([row({})], { lang: "id", tz: "Asia/Jakarta" });
    expect(line).toBe(
      "2026-11-30 12:04:14,2026-11-30T05:04:14.000Z,kab-bogor,ana@bogor.test,u1,Putusan atas klaim,claim.verdict,cluster,c1,status: new → done,203.0.113.7\r\n",
    );
  });

  it("streams page by page, reading the next page only when asked", async () => {
    let read = 0;
    async function* pages() {
      for (let i = 0; i < 3; i++) {
        read += 1;
        yield [row({ id: `r${i}`, target_id: `c${i}` })];
      }
    }
    const reader = auditCsvStream(pages(), { lang: "en", tz: "Asia/Jakarta", tzLabel: "WIB" }).getReader();
    const first = await reader.read();
    expect([...(first.value ?? []).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(first.value)).toMatch(/^\uFEFFTime \(WIB\),/);
    expect(read).toBe(0);
    await reader.read();
    expect(read).toBe(1);
    const rest: string[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest.push(new TextDecoder().decode(r.value));
    expect(read).toBe(3);
    expect(rest.join("")).toContain(",c2,");
  });
});
