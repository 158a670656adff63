import { z } from "zod";
import { statsPeriodInput } from "../services/stats-period.ts";
import { ITEM_KINDS, VERDICT_KEYS } from "../services/stats-report.ts";

const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<K, z.ZodNumber>);
const timing = z.object({
  claims: z.number().int(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable().describe("Nearest rank: the ⌈0.9·n⌉-th shortest"),
});
const figures = {
  totals: z.object({
    items: z.number().int(),
    reports: z.number().int(),
    claimsDecided: z.number().int().describe("Claims whose first verdict fell in the period"),
    claimsClarified: z.number().int().describe("Claims whose first published clarification fell in the period"),
  }),
  byKind: counts(ITEM_KINDS).describe(
    "Items first seen in the period by source kind (report: public reports; api: integrations)",
  ),
  byVerdict: counts(VERDICT_KEYS).describe("Items first seen in the period by the verdict their claim has now"),
  decided: counts(VERDICT_KEYS),
  timeToVerdict: timing.describe("From a claim's first sighting to its first verdict"),
  timeToClarification: timing.describe("From a claim's first sighting to its first published clarification"),
};

export const statsSchema = z.object({
  metadata: z.object({
    title: z.string(),
    description: z.string(),
    scope: z.enum(["clinic", "province", "instance"]),
    regionCode: z.string().nullable().describe("Kemendagri code; ID for the instance"),
    regionName: z.string(),
    period: z.object({ from: z.string(), to: z.string(), timezone: z.string(), timezoneLabel: z.string() }),
    license: z.object({ id: z.string(), title: z.string(), url: z.string() }),
    publisher: z.string(),
    generatedAt: z.string(),
    source: z.string(),
  }),
  ...figures,
  days: z.array(
    z.object({
      date: z.string(),
      items: z.number().int(),
      byKind: counts(ITEM_KINDS),
      byVerdict: counts(VERDICT_KEYS),
      claimsClarified: z.number().int(),
    }),
  ),
  topClaims: z.array(
    z.object({
      id: z.string(),
      clinic: z.string(),
      items: z.number().int(),
      verdict: z.string().nullable(),
      excerpt: z.string().nullable().describe("Staff only; null in public figures"),
      clarification: z.object({ id: z.string(), title: z.string(), url: z.string() }).nullable(),
    }),
  ),
  clinics: z
    .array(
      z.object({ id: z.string(), slug: z.string(), name: z.string(), regionCode: z.string().nullable(), ...figures }),
    )
    .describe("Province scope: the province and each regency/city side by side"),
});

export const statsQuery = statsPeriodInput.extend({
  scope: z.enum(["clinic", "province", "instance"]).default("clinic"),
  clinic: z
    .string()
    .max(64)
    .optional()
    .describe("Another clinic: a regency of the caller's province, or any (operator)"),
});
