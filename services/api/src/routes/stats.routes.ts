import type { Context } from "hono";
import { z } from "zod";
import type { Env } from "../context.ts";
import { unwrap } from "../errors.ts";
import { clientAddress } from "../rate-limit.ts";
import { publicClinicStats, publicInstanceStats, readStats } from "../services/stats.service.ts";
import { statsCsv, statsJson, statsMetadata } from "../services/stats-export.ts";
import { statsPeriodInput } from "../services/stats-period.ts";
import type { StatsReport } from "../services/stats-report.ts";
import { apiApp, defineRoute } from "./define.ts";
import { slugParam } from "./schemas.ts";
import { statsQuery, statsSchema } from "./stats.schemas.ts";

const WHO =
  "scope=clinic (default): the caller's clinic, or with clinic=<id> a regency/city of the caller's province (the operator: any clinic); " +
  "scope=province: a province clinic with its regencies/cities side by side (the province itself, or the operator); " +
  "scope=instance: every clinic (the operator only). from/to: YYYY-MM-DD local days, to inclusive, default the last 30 days, at most 366.";
const CSV =
  "UTF-8 with BOM, CRLF; a metadata block (judul, periode, kode_wilayah, lisensi, produsen_data, dibuat_pada) then one figure per row. " +
  "Cells starting with = + - @, a tab or CR get a leading ' so no spreadsheet runs them.";

const csvOk = { status: 200 as const, description: "CSV file", contentType: "text/csv", schema: z.string() };

const jsonRoute = defineRoute({
  method: "get",
  path: "/stats",
  summary:
    "Statistics of a period: items per day by source and verdict, claims decided and clarified, times, top claims",
  description: WHO,
  access: "clinic",
  permission: "stats.read",
  request: { query: statsQuery },
  ok: { status: 200, description: "Figures with their open-data metadata", schema: statsSchema },
  errors: [400, 403],
});
const csvRoute = defineRoute({
  method: "get",
  path: "/stats.csv",
  summary: "The same statistics as CSV",
  description: `${WHO} ${CSV}`,
  access: "clinic",
  permission: "stats.read",
  request: { query: statsQuery },
  ok: csvOk,
  errors: [400, 403],
});

/** "statistik-<slug>-<from>-<to>.csv" (the slug is [a-z0-9-]; the instance is "indonesia"). */
const filename = (r: StatsReport, ext: string) =>
  `statistik-${r.clinic?.slug ?? "indonesia"}-${r.period.from}-${r.period.to}.${ext}`;

function sendCsv(c: Context<Env>, r: StatsReport, cache: string) {
  return c.body(statsCsv(r, statsMetadata(r, c.req.url)), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${filename(r, "csv")}"`,
    "cache-control": cache,
  });
}

export const statsRoutes = apiApp()
  .openapi(jsonRoute, async (c) => {
    const r = unwrap(await readStats(c.var.deps, c.var.principal, c.req.valid("query")));
    c.header("cache-control", "no-store");
    return c.json(statsJson(r, statsMetadata(r, c.req.url)), 200);
  })
  .openapi(csvRoute, async (c) => {
    const r = unwrap(await readStats(c.var.deps, c.var.principal, c.req.valid("query")));
    return sendCsv(c, r, "no-store");
  });

const OPEN =
  "Open data, no login: counts and times only; top claims only when clarified, named by their published clarification. " +
  "Counted at most once a minute per period; counting afresh is rate-limited per address (429).";
const PUBLIC_CACHE = "public, max-age=300";

const publicJsonRoute = defineRoute({
  method: "get",
  path: "/{tenant}/stats",
  summary: "A clinic's public statistics (a province's with its regencies side by side)",
  description: OPEN,
  access: "public",
  request: { params: slugParam, query: statsPeriodInput },
  ok: { status: 200, description: "Figures with their open-data metadata", schema: statsSchema },
  errors: [400, 404, 429],
});
const publicCsvRoute = defineRoute({
  method: "get",
  path: "/{tenant}/stats.csv",
  summary: "A clinic's public statistics as CSV",
  description: `${OPEN} ${CSV}`,
  access: "public",
  request: { params: slugParam, query: statsPeriodInput },
  ok: csvOk,
  errors: [400, 404, 429],
});
const instanceJsonRoute = defineRoute({
  method: "get",
  path: "/stats",
  summary: "The whole instance's public statistics (WIB days)",
  description: OPEN,
  access: "public",
  request: { query: statsPeriodInput },
  ok: { status: 200, description: "Figures with their open-data metadata", schema: statsSchema },
  errors: [400, 429],
});
const instanceCsvRoute = defineRoute({
  method: "get",
  path: "/stats.csv",
  summary: "The whole instance's public statistics as CSV",
  description: `${OPEN} ${CSV}`,
  access: "public",
  request: { query: statsPeriodInput },
  ok: csvOk,
  errors: [400, 429],
});

const address = (c: Context<Env>) => clientAddress(c, c.var.deps.config.TRUST_PROXY);

export const publicStatsRoutes = apiApp()
  .openapi(publicJsonRoute, async (c) => {
    const q = c.req.valid("query");
    const r = unwrap(
      await publicClinicStats(c.var.deps, { ...q, slug: c.req.valid("param").tenant, address: address(c) }),
    );
    c.header("cache-control", PUBLIC_CACHE);
    return c.json(statsJson(r, statsMetadata(r, c.req.url)), 200);
  })
  .openapi(publicCsvRoute, async (c) => {
    const q = c.req.valid("query");
    const r = unwrap(
      await publicClinicStats(c.var.deps, { ...q, slug: c.req.valid("param").tenant, address: address(c) }),
    );
    return sendCsv(c, r, PUBLIC_CACHE);
  })
  .openapi(instanceJsonRoute, async (c) => {
    const r = unwrap(await publicInstanceStats(c.var.deps, { ...c.req.valid("query"), address: address(c) }));
    c.header("cache-control", PUBLIC_CACHE);
    return c.json(statsJson(r, statsMetadata(r, c.req.url)), 200);
  })
  .openapi(instanceCsvRoute, async (c) => {
    const r = unwrap(await publicInstanceStats(c.var.deps, { ...c.req.valid("query"), address: address(c) }));
    return sendCsv(c, r, PUBLIC_CACHE);
  });
