import { z } from "zod";
import { invalid, ok, type Result } from "./result.ts";

/** A statistics period: whole local days of one timezone, `from` and `to` inclusive. */
export interface StatsPeriod {
  from: string;
  to: string;
  timezone: string;
  /** UTC offset of the timezone in minutes (fixed: WIB/WITA/WIT keep no daylight saving). */
  offsetMinutes: number;
  /** First instant (inclusive) and end (exclusive) in UTC. */
  fromIso: string;
  toIso: string;
  days: string[];
}

/** 30 days up to today when nothing is asked; at most a year and a day (366) at once. */
export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  .refine((v) => dayNumber(v) !== undefined, "not a date");

/** The query of every statistics read: `from`/`to` local dates (YYYY-MM-DD), `to` inclusive. */
export const statsPeriodInput = z.object({
  from: isoDate.optional().describe("First day, YYYY-MM-DD in the clinic's timezone (default: 29 days before `to`)"),
  to: isoDate.optional().describe("Last day, inclusive (default: today in the clinic's timezone)"),
});

/** Days since 1970-01-01 of a YYYY-MM-DD date; undefined unless it names a real day of 2000–2099. */
function dayNumber(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  if (y < 2000 || y > 2099 || new Date(ms).toISOString().slice(0, 10) !== date) return undefined;
  return ms / DAY_MS;
}

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The timezone's offset from UTC in minutes at `at` ("GMT+07:00" → 420). */
export function utcOffsetMinutes(timezone: string, at = new Date()): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * The period a reader asked for, in `timezone`. Missing days default to the 30
 * days up to today; a period that ends before it starts, or is longer than
 * {@link MAX_DAYS}, is refused naming the field.
 */
export function statsPeriod(
  input: { from?: string | undefined; to?: string | undefined },
  timezone: string,
  now = new Date(),
): Result<StatsPeriod> {
  const offsetMinutes = utcOffsetMinutes(timezone, now);
  const today = Math.floor((now.getTime() + offsetMinutes * 60_000) / DAY_MS);
  const to = input.to === undefined ? today : dayNumber(input.to);
  if (to === undefined) return invalid("date_format", "to: not a date (YYYY-MM-DD)");
  const from = input.from === undefined ? to - (DEFAULT_DAYS - 1) : dayNumber(input.from);
  if (from === undefined) return invalid("date_format", "from: not a date (YYYY-MM-DD)");
  if (from > to) return invalid("period_reversed", "from: after to");
  if (to - from + 1 > MAX_DAYS) return invalid("period_too_long", `from: the period is longer than ${MAX_DAYS} days`);
  const instant = (day: number) => new Date(day * DAY_MS - offsetMinutes * 60_000).toISOString();
  return ok({
    from: dateOf(from),
    to: dateOf(to),
    timezone,
    offsetMinutes,
    fromIso: instant(from),
    toIso: instant(to + 1),
    days: Array.from({ length: to - from + 1 }, (_, i) => dateOf(from + i)),
  });
}
