/**
 * An audit row's summary is JSON written by the use case: usually `before` and
 * `after` objects beside a few plain facts. These helpers read it back for people
 * (the trail page, the CSV export) and for the API.
 */

/** The summary as an object; a summary cut at its size bound (not JSON any more) comes back as `{ text }`. */
export function parseSummary(summary: string | null): Record<string, unknown> | null {
  if (!summary) return null;
  try {
    const v: unknown = JSON.parse(summary);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { text: summary };
  }
}

const MAX_LIST = 10;

/** Names of the facts use cases record, for people; a key not listed shows as it is. */
const KEY_LABELS: Record<string, { id: string; en: string }> = {
  status: { id: "status", en: "status" },
  verdict: { id: "putusan", en: "verdict" },
  note: { id: "catatan", en: "note" },
  reason: { id: "alasan", en: "reason" },
  title: { id: "judul", en: "title" },
  enabled: { id: "aktif", en: "enabled" },
  members: { id: "anggota", en: "members" },
  items: { id: "item", en: "items" },
  kind: { id: "jenis", en: "kind" },
  name: { id: "nama", en: "name" },
  url: { id: "URL", en: "URL" },
  scheduleSec: { id: "jadwal (detik)", en: "schedule (s)" },
  excerpt: { id: "kutipan", en: "excerpt" },
  length: { id: "panjang", en: "length" },
  requested: { id: "diminta", en: "requested" },
  applied: { id: "diterapkan", en: "applied" },
  skipped: { id: "dilewati", en: "skipped" },
  clusterIds: { id: "klaim", en: "claims" },
  moreIds: { id: "klaim lainnya", en: "more claims" },
  assigneeId: { id: "ditugaskan ke", en: "assigned to" },
  claimedUntil: { id: "diklaim sampai", en: "claimed until" },
  submittedBy: { id: "diajukan oleh", en: "submitted by" },
};

const label = (key: string, lang: "id" | "en") => KEY_LABELS[key]?.[lang] ?? key;

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v)) {
    const head = v.slice(0, MAX_LIST).map(show).join(", ");
    return v.length > MAX_LIST ? `${head} … (+${v.length - MAX_LIST})` : head;
  }
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * One line a person reads: `status: draft → pending; reason: …`. Keys changed
 * between `before` and `after` come first, then the other facts in their order.
 */
export function describeSummary(summary: string | null, lang: "id" | "en" = "en"): string {
  const s = parseSummary(summary);
  if (!s) return "";
  if (typeof s.text === "string" && Object.keys(s).length === 1) return s.text;
  const before = isRecord(s.before) ? s.before : {};
  const after = isRecord(s.after) ? s.after : {};
  const parts: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const name = label(key, lang);
    if (!(key in before)) parts.push(`${name}: ${show(after[key])}`);
    else if (!(key in after)) parts.push(`${name}: ${show(before[key])}`);
    else if (show(before[key]) !== show(after[key])) parts.push(`${name}: ${show(before[key])} → ${show(after[key])}`);
  }
  for (const [key, v] of Object.entries(s)) {
    if (key === "before" || key === "after" || v === null || v === undefined) continue;
    parts.push(`${label(key, lang)}: ${show(v)}`);
  }
  return parts.join("; ");
}
