import type { AuditRow } from "@klinik/db";
import { auditActionLabel } from "./audit-actions.ts";
import { describeSummary } from "./audit-summary.ts";

/**
 * The audit trail as a CSV a spreadsheet opens as it is: UTF-8 with a byte order
 * mark (Excel reads Indonesian names right only then), CRLF line ends, RFC 4180
 * quoting, and no cell that a spreadsheet would run as a formula.
 */

/** Cells a spreadsheet treats as a formula (or that hide one behind a tab or CR) get a leading `'`. */
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  let v = value === null || value === undefined ? "" : String(value);
  if (FORMULA.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export const CSV_BOM = "\uFEFF";

const HEADERS = {
  id: [
    "Waktu",
    "Waktu (UTC)",
    "Klinik",
    "Pelaku",
    "ID pelaku",
    "Aksi",
    "Kode aksi",
    "Jenis sasaran",
    "ID sasaran",
    "Ringkasan",
    "Alamat",
  ],
  en: [
    "Time",
    "Time (UTC)",
    "Clinic",
    "Actor",
    "Actor id",
    "Action",
    "Action code",
    "Target type",
    "Target id",
    "Summary",
    "Address",
  ],
} as const;

/** "2026-11-30 12:04:05" in `tz`: a date and time every spreadsheet parses. */
function localTime(tz: string): (iso: string) => string {
  const f = new Intl.DateTimeFormat("sv-SE", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  return (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : f.format(d);
  };
}

export function auditCsvHeader(lang: "id" | "en", tzLabel: string): string {
  const [first, ...rest] = HEADERS[lang];
  return CSV_BOM + csvLine([`${first} (${tzLabel})`, ...rest]);
}

export function auditCsvLines(rows: readonly AuditRow[], opts: { lang: "id" | "en"; tz: string }): string {
  const local = localTime(opts.tz);
  return rows
    .map((r) =>
      csvLine([
        local(r.created_at),
        r.created_at,
        r.clinic_slug,
        r.actor_label,
        r.actor_id,
        auditActionLabel(r.action, opts.lang),
        r.action,
        r.target_type,
        r.target_id,
        describeSummary(r.summary, opts.lang),
        r.address,
      ]),
    )
    .join("");
}

/**
 * The CSV as a stream that reads one page of rows at a time, so an export of the
 * whole trail never holds it in memory (a slow reader slows the reads down).
 */
export function auditCsvStream(
  pages: AsyncIterable<AuditRow[]>,
  opts: { lang: "id" | "en"; tz: string; tzLabel: string },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(auditCsvHeader(opts.lang, opts.tzLabel)));
        return;
      }
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(auditCsvLines(next.value, opts)));
    },
    async cancel() {
      await it.return?.();
    },
  });
}
