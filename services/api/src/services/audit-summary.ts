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
export function describeSummary(summary: string | null): string {
  const s = parseSummary(summary);
  if (!s) return "";
  if (typeof s.text === "string" && Object.keys(s).length === 1) return s.text;
  const before = isRecord(s.before) ? s.before : {};
  const after = isRecord(s.after) ? s.after : {};
  const parts: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!(key in before)) parts.push(`${key}: ${show(after[key])}`);
    else if (!(key in after)) parts.push(`${key}: ${show(before[key])}`);
    else if (show(before[key]) !== show(after[key])) parts.push(`${key}: ${show(before[key])} → ${show(after[key])}`);
  }
  for (const [key, v] of Object.entries(s)) {
    if (key === "before" || key === "after" || v === null || v === undefined) continue;
    parts.push(`${key}: ${show(v)}`);
  }
  return parts.join("; ");
}
