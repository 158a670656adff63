/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Tenant } from "@klinik/db";
import type { Context } from "hono";
import { ERROR_STATUS, errorBody } from "../errors.ts";
import type { Failure } from "../services/result.ts";
import { invalidText } from "./failure.ts";
import { wantsJson } from "./page-ctx.ts";
import { PublicErrorPage } from "./pages/public-check.page.tsx";
import { pagePath, publicCtx } from "./public-ctx.ts";
import type { UiEnv } from "./ui-context.ts";

/** A failure on a public page: a public error page leading back into the public site (JSON if asked for). */
export function publicFailure(
  c: Context<UiEnv>,
  f: Failure,
  tenant?: Tenant,
  say?: string,
): Response | Promise<Response> {
  const status = ERROR_STATUS[f.code];
  const { t } = c.var;
  const message =
    say ??
    (f.code === "not_found" || f.code === "tenant_not_found"
      ? t("pubNotFound")
      : f.code === "rate_limited"
        ? t("pubRateLimited")
        : f.code === "invalid_request"
          ? invalidText(t, f)
          : f.message);
  if (f.retryAfterSec !== undefined) c.header("Retry-After", String(f.retryAfterSec));
  c.header("Cache-Control", "no-store");
  if (wantsJson(c)) return c.json(errorBody(f.code, message), status);
  return c.html(
    <PublicErrorPage ctx={publicCtx(c, tenant)} path={pagePath(c)} status={status} message={message} />,
    status,
  );
}
