/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Layout } from "../layout.tsx";
import type { UiEnv } from "../ui-context.ts";

/**
 * An HTML error page in the user's language (the JSON API keeps its own error shape),
 * leading back to the queue, or to `next` when the way on is elsewhere.
 */
export function errorPage(
  c: Context<UiEnv>,
  status: ContentfulStatusCode,
  message: string,
  next?: { href: string; label: string },
) {
  const { t, lang } = c.var;
  return c.html(
    <Layout ctx={{ t, lang, principal: c.get("principal"), csrf: c.get("csrf") }} title={String(status)} page="error">
      <h1>{status}</h1>
      <p class="notice error">{message}</p>
      <p>
        <a href={next?.href ?? "/antrean"}>{next?.label ?? t("backToQueue")}</a>
      </p>
    </Layout>,
    status,
  );
}
