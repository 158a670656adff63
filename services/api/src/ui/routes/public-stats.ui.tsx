/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { Hono } from "hono";
import { clientAddress } from "../../rate-limit.ts";
import { publicClinicStats, publicInstanceStats } from "../../services/stats.service.ts";
import { PublicStatsPage } from "../pages/public-stats.page.tsx";
import { pagePath, publicBase, publicCtx } from "../public-ctx.ts";
import { publicFailure } from "../public-failure.tsx";
import type { UiEnv } from "../ui-context.ts";

/** Counted at most once a minute per period (stats.service.ts); browsers and proxies may keep a page 5 minutes. */
const PUBLIC_CACHE = "public, max-age=300";

function period(c: Context<UiEnv>) {
  const q = (name: string) => {
    const v = (c.req.query(name) ?? "").trim().slice(0, 10);
    return v || undefined;
  };
  return { from: q("dari"), to: q("sampai"), address: clientAddress(c, c.var.deps.config.TRUST_PROXY) };
}

/** Open data pages: a clinic's statistics under its public site, and the whole instance's at /data. */
export const publicStatsUi = new Hono<UiEnv>()
  .use("/data", publicBase)
  .get("/k/:slug/statistik", async (c) => {
    const slug = c.req.param("slug");
    const r = await publicClinicStats(c.var.deps, { ...period(c), slug });
    const tenant = await c.var.deps.tenants.bySlug(slug);
    // A refused period leads back to the clinic's own pages (an unknown clinic to the instance's).
    if (!r.ok) return publicFailure(c, r.error, r.error.code === "invalid_request" ? tenant : undefined);
    c.header("Cache-Control", PUBLIC_CACHE);
    return c.html(
      <PublicStatsPage
        ctx={publicCtx(c, tenant)}
        path={pagePath(c)}
        r={r.value}
        action={`/k/${slug}/statistik`}
        api={`/api/v1/public/${slug}/stats`}
      />,
    );
  })
  .get("/data", async (c) => {
    const r = await publicInstanceStats(c.var.deps, period(c));
    if (!r.ok) return publicFailure(c, r.error);
    c.header("Cache-Control", PUBLIC_CACHE);
    return c.html(
      <PublicStatsPage ctx={publicCtx(c)} path={pagePath(c)} r={r.value} action="/data" api="/api/v1/public/stats" />,
    );
  });
