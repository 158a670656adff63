/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { Env } from "../context.ts";
import { publicClinic } from "../services/intake.service.ts";
import { errorPage } from "./pages/error-page.tsx";
import { PublicErrorPage } from "./pages/public-check.page.tsx";
import { pagePath, publicBase, publicCtx } from "./public-ctx.ts";
import { uiBase } from "./session.ts";
import type { UiEnv } from "./ui-context.ts";

/**
 * A form whose body is over the limit, said as a page in the reader's language:
 * under /k the public error page (back to the clinic), elsewhere the staff one.
 * It runs before the UI's middleware (the limit is checked first), so it sets the
 * language and security headers through that middleware itself. Nothing was read
 * or saved, and the session was not looked at: the page says to go back and shorten.
 */
export async function formTooLargePage(app: Context<Env>, maxBytes: number): Promise<Response> {
  // The UI's variables (lang, t) are set below by uiBase/publicBase, before anything reads them.
  const c = app as unknown as Context<UiEnv>;
  const kb = String(Math.floor(maxBytes / 1024));
  const path = c.req.path;
  const publicSite = path === "/k" || path.startsWith("/k/");
  const render = async () => {
    const t = c.var.t;
    if (!publicSite) {
      c.res = await errorPage(c, 413, t("formTooLarge").replace("{kb}", kb));
      return;
    }
    const slug = /^\/k\/([a-z0-9-]{1,64})(\/|$)/.exec(path)?.[1];
    const home = slug ? await publicClinic(c.var.deps, slug) : undefined;
    c.res = await c.html(
      <PublicErrorPage
        ctx={publicCtx(c, home?.ok ? home.value : undefined)}
        path={pagePath(c)}
        status={413}
        message={t("pubFormTooLarge").replace("{kb}", kb)}
      />,
      413,
    );
  };
  await uiBase(c, async () => {
    await (publicSite ? publicBase(c, render) : render());
  });
  return c.res;
}
