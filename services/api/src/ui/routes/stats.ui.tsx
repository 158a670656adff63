/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { Hono } from "hono";
import { can } from "../../services/actor.ts";
import { readStats } from "../../services/stats.service.ts";
import { statsCsv, statsJson, statsMetadata } from "../../services/stats-export.ts";
import type { StatsScopeName } from "../../services/stats-report.ts";
import { uiFailure } from "../failure.ts";
import { isId, pageCtx } from "../page-ctx.ts";
import { StatsPage, type StatsParams } from "../pages/stats.page.tsx";
import { requireUiSession } from "../session.ts";
import type { UiEnv } from "../ui-context.ts";

const SCOPES: StatsScopeName[] = ["clinic", "province", "instance"];

function paramsOf(c: Context<UiEnv>): StatsParams {
  const q = (name: string) => (c.req.query(name) ?? "").trim().slice(0, 40);
  const klinik = q("klinik");
  return {
    dari: q("dari"),
    sampai: q("sampai"),
    cakupan: SCOPES.find((s) => s === q("cakupan")) ?? "clinic",
    klinik: isId(klinik) ? klinik : "",
  };
}

/** The same rule as the service's, for which scopes the form offers (the service still decides). */
function scopesFor(c: Context<UiEnv>): StatsScopeName[] {
  const p = c.var.principal;
  const operator = can(p, "stats.instance");
  return SCOPES.filter((s) => s === "clinic" || operator || (s === "province" && p.tenant.kind === "province"));
}

async function read(c: Context<UiEnv>) {
  const p = paramsOf(c);
  const r = await readStats(c.var.deps, c.var.principal, {
    scope: p.cakupan,
    clinic: p.klinik || undefined,
    from: p.dari || undefined,
    to: p.sampai || undefined,
  });
  return { p, r };
}

const filename = (slug: string | undefined, from: string, to: string, ext: string) =>
  `statistik-${slug ?? "indonesia"}-${from}-${to}.${ext}`;

/** The staff's statistics page and its downloads (the same figures as GET /api/v1/stats). */
export const statsUi = new Hono<UiEnv>()
  .get("/statistik", requireUiSession, async (c) => {
    const { p, r } = await read(c);
    if (!r.ok) return uiFailure(c, r.error);
    return c.html(<StatsPage ctx={pageCtx(c)} r={r.value} params={p} scopes={scopesFor(c)} />);
  })
  .get("/statistik.csv", requireUiSession, async (c) => {
    const { r } = await read(c);
    if (!r.ok) return uiFailure(c, r.error);
    const v = r.value;
    return c.body(statsCsv(v, statsMetadata(v, c.req.url)), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename(v.clinic?.slug, v.period.from, v.period.to, "csv")}"`,
      "cache-control": "no-store",
    });
  })
  .get("/statistik.json", requireUiSession, async (c) => {
    const { r } = await read(c);
    if (!r.ok) return uiFailure(c, r.error);
    const v = r.value;
    c.header(
      "content-disposition",
      `attachment; filename="${filename(v.clinic?.slug, v.period.from, v.period.to, "json")}"`,
    );
    c.header("cache-control", "no-store");
    return c.json(statsJson(v, statsMetadata(v, c.req.url)));
  });
