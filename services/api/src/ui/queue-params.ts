import { type ItemStatus, isVerdict, QUEUE_STATUSES, type Verdict } from "@klinik/core";
import type { ReviewQueueFilter } from "@klinik/db";
import { encodeCursor, parseCursor, scoreCursor } from "../cursor.ts";
import { zonedDayStart } from "./format.ts";

export const PAGE_SIZE = 50;
const STATUS_OPTIONS = ["open", ...QUEUE_STATUSES, "all"] as const;
export type StatusOption = (typeof STATUS_OPTIONS)[number];

/** The queue's filter as it lives in the URL, so a filtered view can be shared. */
export interface QueueParams {
  status: StatusOption;
  q: string;
  min: number | undefined;
  max: number | undefined;
  sumber: string;
  dari: string;
  sampai: string;
  putusan: Verdict | "";
  cursor: { s: number; i: string } | undefined;
  /** A regency/city whose queue a province reads (read only); "" for the caller's own. */
  klinik: string;
  /** Assignment: "saya" (assigned to me), "kosong" (to nobody) or "" (any). */
  tugas: "saya" | "kosong" | "";
  /** Compact rows: one line per claim, so a laptop screen shows ten or more. */
  ringkas: boolean;
}

const pct = (v: string | undefined) => {
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : undefined;
};
const day = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : "");

function decodeCursor(v: string | undefined): QueueParams["cursor"] {
  const c = parseCursor(v, scoreCursor);
  return c === "invalid" ? undefined : c;
}

export function encodeQueueCursor(score: number, id: string): string {
  return encodeCursor({ s: score, i: id });
}

/** Lenient: a malformed field is ignored rather than failing the page. */
export function parseQueueParams(q: Record<string, string>): QueueParams {
  const status = (STATUS_OPTIONS as readonly string[]).includes(q.status ?? "") ? (q.status as StatusOption) : "open";
  return {
    status,
    q: (q.q ?? "").trim().slice(0, 200),
    min: pct(q.min),
    max: pct(q.max),
    sumber: /^[A-Za-z0-9-]{1,64}$/.test(q.sumber ?? "") ? (q.sumber as string) : "",
    dari: day(q.dari),
    sampai: day(q.sampai),
    putusan: isVerdict(q.putusan) ? q.putusan : "",
    cursor: decodeCursor(q.cursor),
    klinik: /^[A-Za-z0-9-]{1,64}$/.test(q.klinik ?? "") ? (q.klinik as string) : "",
    tugas: q.tugas === "saya" || q.tugas === "kosong" ? q.tugas : "",
    ringkas: q.tampilan === "ringkas",
  };
}

const OPEN: readonly ItemStatus[] = ["new", "in_review"];
const ALL: readonly ItemStatus[] = QUEUE_STATUSES;

export function toFilter(p: QueueParams, tz: string, userId: string, limit = PAGE_SIZE): ReviewQueueFilter {
  return {
    // A verdict only exists on decided claims: with the default "still open" status the
    // filter could never match, so asking for a verdict searches every status.
    statuses: p.status === "open" ? (p.putusan ? ALL : OPEN) : p.status === "all" ? ALL : [p.status],
    minScore: p.min === undefined ? undefined : p.min / 100,
    maxScore: p.max === undefined ? undefined : p.max / 100,
    sourceId: p.sumber || undefined,
    from: p.dari ? zonedDayStart(p.dari, tz) : undefined,
    to: p.sampai ? zonedDayStart(p.sampai, tz, 1) : undefined,
    verdict: p.putusan || undefined,
    q: p.q || undefined,
    assignee: p.tugas === "saya" ? { userId } : p.tugas === "kosong" ? "unassigned" : undefined,
    limit,
    cursor: p.cursor ? { score: p.cursor.s, id: p.cursor.i } : undefined,
  };
}

/** The query string of `p` (without the cursor unless given), default values left out. */
export function toQuery(p: QueueParams, cursor?: string): string {
  const s = new URLSearchParams();
  if (p.status !== "open") s.set("status", p.status);
  if (p.q) s.set("q", p.q);
  if (p.min !== undefined) s.set("min", String(p.min));
  if (p.max !== undefined) s.set("max", String(p.max));
  if (p.sumber) s.set("sumber", p.sumber);
  if (p.dari) s.set("dari", p.dari);
  if (p.sampai) s.set("sampai", p.sampai);
  if (p.putusan) s.set("putusan", p.putusan);
  if (p.klinik) s.set("klinik", p.klinik);
  if (p.tugas) s.set("tugas", p.tugas);
  if (p.ringkas) s.set("tampilan", "ringkas");
  if (cursor) s.set("cursor", cursor);
  const str = s.toString();
  return str ? `?${str}` : "";
}

/**
 * Filters that cannot match together, each with the query string that fixes it
 * (the queue says so instead of showing an empty page without a reason).
 */
export interface FilterConflict {
  problem: "conflictScore" | "conflictDates" | "conflictStatusVerdict";
  fix: string;
  fixLabel: "fixSwap" | "fixAllStatuses";
}

export function filterConflicts(p: QueueParams): FilterConflict[] {
  const out: FilterConflict[] = [];
  if (p.min !== undefined && p.max !== undefined && p.min > p.max) {
    out.push({ problem: "conflictScore", fix: toQuery({ ...p, min: p.max, max: p.min }), fixLabel: "fixSwap" });
  }
  if (p.dari && p.sampai && p.dari > p.sampai) {
    out.push({ problem: "conflictDates", fix: toQuery({ ...p, dari: p.sampai, sampai: p.dari }), fixLabel: "fixSwap" });
  }
  // "open" with a verdict already searches every status (toFilter); a single undecided status cannot have one.
  if (p.putusan && (p.status === "new" || p.status === "in_review" || p.status === "dismissed")) {
    out.push({ problem: "conflictStatusVerdict", fix: toQuery({ ...p, status: "all" }), fixLabel: "fixAllStatuses" });
  }
  return out;
}

/** Where a form may send the analyst back to: only the queue, with a query string. */
export function safeBack(v: string): string {
  return /^\/antrean(\?[^\s#]*)?$/.test(v) && !v.startsWith("//") ? v : "/antrean";
}
