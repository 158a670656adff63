/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Layout } from "../layout.tsx";
import type { UiEnv } from "../ui-context.ts";

/** An HTML error page in the user's language (the JSON API keeps its own error shape). */
export function errorPage(c: Context<UiEnv>, status: ContentfulStatusCode, message: string) {
  const { t, lang } = c.var;
  return c.html(
    <Layout ctx={{ t, lang, principal: c.get("principal"), csrf: c.get("csrf") }} title={String(status)} page="error">
      <h1>{status}</h1>
      <p class="notice error">{message}</p>
      <p>
        <a href="/antrean">{t("backToQueue")}</a>
      </p>
    </Layout>,
    status,
  );
}
