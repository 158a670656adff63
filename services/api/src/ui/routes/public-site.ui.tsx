/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { Hono } from "hono";
import { notModified } from "../../public-page-cache.ts";
import { clientAddress } from "../../rate-limit.ts";
import { publicClinic } from "../../services/intake.service.ts";
import { clarificationView, clinicHome, instanceListing } from "../../services/public-site.service.ts";
import { checkMessage } from "../../services/search.service.ts";
import { claimReview } from "../claim-review.ts";
import { safeHttpUrl } from "../format.ts";
import { isId } from "../page-ctx.ts";
import { PublicArticlePage } from "../pages/public-article.page.tsx";
import { CheckPage, type PublicMatch } from "../pages/public-check.page.tsx";
import { ClinicHomePage, ClinicListPage, InstanceListPage } from "../pages/public-lists.page.tsx";
import { isCursor, pagePath, publicBase, publicCtx, publicOrigin, publicPageKey } from "../public-ctx.ts";
import { publicFailure } from "../public-failure.tsx";
import type { UiEnv } from "../ui-context.ts";

const PAGE = 20;
const missing = { code: "not_found", message: "Not found" } as const;
/** Lists and pages of published clarifications may be kept a minute by browsers and proxies. */
const PUBLIC_CACHE = "public, max-age=60";

/** The link to the next page of a list, when this one was full. */
function olderHref(path: string, rows: { published_at: string | null }[], params: Record<string, string | undefined>) {
  const last = rows.at(-1)?.published_at;
  if (rows.length < PAGE || !last) return undefined;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  q.set("sebelum", last);
  return `${path}?${q}`;
}

/**
 * The page of a published clarification, rendered once and then served from the cache with
 * its ETag; once the whole stack has answered it, hits are answered before the middleware
 * (public-page-fast-path.ts). Its HTML depends on the request only through publicPageKey:
 * the language switch links the bare path, not the query a visitor arrived with.
 */
async function article(c: Context<UiEnv>) {
  const slug = c.req.param("slug") ?? "";
  const id = c.req.param("id");
  const { publicPages: cache, config } = c.var.deps;
  const origin = publicOrigin(c);
  const key = publicPageKey(c, config.PUBLIC_BASE_URL);
  let page = cache.get(key);
  if (!page) {
    const since = cache.version();
    const r = isId(id) ? await clarificationView(c.var.deps, slug, id) : { ok: false as const, error: missing };
    if (!r.ok) {
      // Under a clinic that exists, its 404 leads back to its home.
      const home = await publicClinic(c.var.deps, slug);
      return publicFailure(c, r.error, home.ok ? home.value : undefined);
    }
    const { tenant, clarification: cl, parts } = r.value;
    const { appearances } = parts;
    const ctx = publicCtx(c, tenant);
    const url = `${origin}/k/${tenant.slug}/klarifikasi/${cl.id}`;
    const seen = appearances.flatMap((a) => {
      const u = safeHttpUrl(a.url);
      return u ? [{ url: u, date: a.published_at }] : [];
    });
    const first = appearances[0];
    const jsonLd = claimReview({
      url,
      title: cl.title,
      verdict: cl.verdict,
      publishedAt: cl.published_at ?? cl.created_at,
      modifiedAt: cl.updated_at,
      claim: first ? (first.title ?? first.text).slice(0, 300) : cl.title,
      claimDate: first ? (first.published_at ?? first.created_at) : null,
      org: { name: ctx.clinic.name, url: `${origin}/k/${tenant.slug}`, logoUrl: safeHttpUrl(tenant.logo_url) ?? null },
      appearances: seen,
      lang: c.var.lang,
    });
    const html = String(
      await (
        <PublicArticlePage
          ctx={ctx}
          tz={tenant.timezone}
          url={url}
          path={c.req.path}
          c={cl}
          parts={parts}
          jsonLd={cl.status === "withdrawn" ? null : jsonLd}
        />
      ),
    );
    page = cache.put(key, cl.id, html, since);
  }
  c.header("Cache-Control", PUBLIC_CACHE);
  c.header("ETag", page.etag);
  if (notModified(c.req.header("if-none-match"), page.etag)) return c.body(null, 304);
  return c.html(page.html, 200);
}

/** The public site: a clinic's home, its clarifications, the instance-wide list, the check page. */
export const publicSiteUi = new Hono<UiEnv>()
  .use("/k", publicBase)
  .use("/k/*", publicBase)
  .get("/k", async (c) => {
    const before = c.req.query("sebelum");
    const province = c.req.query("provinsi")?.slice(0, 10);
    const regency = c.req.query("kabupaten")?.slice(0, 10);
    const r = await instanceListing(c.var.deps, {
      province,
      regency,
      before: isCursor(before) ? before : undefined,
      limit: PAGE,
    });
    if (!r.ok) return publicFailure(c, r.error);
    const v = r.value;
    c.header("Cache-Control", PUBLIC_CACHE);
    return c.html(
      <InstanceListPage
        ctx={publicCtx(c)}
        path={pagePath(c)}
        rows={v.rows.map((x) => ({ ...x, slug: x.clinic_slug, clinicName: x.clinic_display_name ?? x.clinic_name }))}
        provinces={v.provinces}
        regencies={v.regencies}
        province={v.province}
        regency={v.regency}
        older={olderHref("/k", v.rows, { provinsi: v.province, kabupaten: v.regency })}
      />,
    );
  })
  .get("/k/:slug", async (c) => {
    const r = await clinicHome(c.var.deps, c.req.param("slug"), { limit: 10 });
    if (!r.ok) return publicFailure(c, r.error);
    const { tenant, rows } = r.value;
    c.header("Cache-Control", PUBLIC_CACHE);
    return c.html(
      <ClinicHomePage
        ctx={publicCtx(c, tenant)}
        tz={tenant.timezone}
        path={pagePath(c)}
        rows={rows.map((x) => ({ ...x, slug: tenant.slug }))}
      />,
    );
  })
  .get("/k/:slug/klarifikasi", async (c) => {
    const before = c.req.query("sebelum");
    const r = await clinicHome(c.var.deps, c.req.param("slug"), {
      limit: PAGE,
      before: isCursor(before) ? before : undefined,
    });
    if (!r.ok) return publicFailure(c, r.error);
    const { tenant, rows } = r.value;
    c.header("Cache-Control", PUBLIC_CACHE);
    return c.html(
      <ClinicListPage
        ctx={publicCtx(c, tenant)}
        tz={tenant.timezone}
        path={pagePath(c)}
        rows={rows.map((x) => ({ ...x, slug: tenant.slug }))}
        older={olderHref(`/k/${tenant.slug}/klarifikasi`, rows, {})}
      />,
    );
  })
  // The stable public URL of a published clarification (drafts and other clinics' ids: 404).
  .get("/k/:slug/klarifikasi/:id", article)
  .get("/k/:slug/cek", async (c) => {
    const query = (c.req.query("q") ?? "").trim().slice(0, 2_000);
    const home = await publicClinic(c.var.deps, c.req.param("slug"));
    if (!home.ok) return publicFailure(c, home.error);
    const ctx = publicCtx(c, home.value);
    let matches: PublicMatch[] | undefined;
    if (query) {
      const r = await checkMessage(c.var.deps, {
        slug: c.req.param("slug"),
        address: clientAddress(c, c.var.deps.config.TRUST_PROXY),
        text: query,
      });
      if (!r.ok) return publicFailure(c, r.error, home.value);
      matches = r.value.map((m) => ({
        id: m.id,
        title: m.title,
        verdict: m.verdict,
        url: m.url,
        clinicName: m.clinic.name,
      }));
    }
    c.header("Cache-Control", query ? "private, max-age=60" : PUBLIC_CACHE);
    return c.html(<CheckPage ctx={ctx} path={pagePath(c)} query={query} matches={matches} />);
  });

/**
 * Any other path outside the JSON API answers the public 404 page (a mistyped `/lapor`
 * or `/rss` too, which members of the public type); mounted after every other UI route.
 * Unknown `/api/` paths go on to the API's JSON 404.
 */
const inApi = (c: Context<UiEnv>) => c.req.path.startsWith("/api/");
export const publicNotFoundUi = new Hono<UiEnv>()
  .use("*", (c, next) => (inApi(c) ? next() : publicBase(c, next)))
  .all("*", async (c, next) => {
    if (inApi(c)) return next();
    // A link pasted with a trailing slash: the page without it (only under /k, so never another site).
    const trimmed = c.req.path.replace(/\/+$/, "");
    if ((c.req.method === "GET" || c.req.method === "HEAD") && trimmed !== c.req.path && /^\/k(\/|$)/.test(trimmed)) {
      return c.redirect(`${trimmed}${new URL(c.req.url).search}`, 301);
    }
    // Under a clinic that exists, its 404 leads back to its home.
    const slug = /^\/k\/([a-z0-9-]{1,64})(\/|$)/.exec(c.req.path)?.[1];
    const home = slug ? await publicClinic(c.var.deps, slug) : undefined;
    return publicFailure(c, missing, home?.ok ? home.value : undefined);
  });
