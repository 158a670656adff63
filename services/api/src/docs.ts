import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";

/**
 * Interactive API docs at /docs: Swagger UI from the swagger-ui-dist package,
 * served by us (no CDN; the instance may have no internet), reading /openapi.json.
 */
const dir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const files: Record<string, { type: string; body?: string }> = {
  "swagger-ui.css": { type: "text/css; charset=utf-8" },
  "swagger-ui-bundle.js": { type: "text/javascript; charset=utf-8" },
};
const INIT = `window.onload = () => { window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#docs" }); };\n`;
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Klinik Hoaks API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;
// Swagger UI sets inline styles; scripts stay 'self' only.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export const docsRoutes = new Hono()
  .use(async (c, next) => {
    await next();
    c.header("Content-Security-Policy", CSP);
  })
  .get("/", (c) => c.html(PAGE))
  .get("/init.js", (c) => c.body(INIT, 200, { "content-type": "text/javascript; charset=utf-8" }))
  .get("/:file", (c) => {
    const f = files[c.req.param("file")];
    if (!f) return c.notFound();
    f.body ??= readFileSync(join(dir, c.req.param("file")), "utf8");
    return c.body(f.body, 200, { "content-type": f.type, "cache-control": "public, max-age=86400" });
  });
