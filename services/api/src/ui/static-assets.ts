import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Context } from "hono";

const DIR = new URL("../../static/", import.meta.url);

interface Asset {
  body: string;
  type: string;
  version: string;
}

function load(name: string, type: string): Asset {
  const body = readFileSync(new URL(name, DIR), "utf8");
  return { body, type, version: createHash("sha256").update(body).digest("hex").slice(0, 10) };
}

const ASSETS: Record<string, Asset> = {
  "app.css": load("app.css", "text/css; charset=utf-8"),
  "app.js": load("app.js", "text/javascript; charset=utf-8"),
  "public.css": load("public.css", "text/css; charset=utf-8"),
  "stats.css": load("stats.css", "text/css; charset=utf-8"),
  "notify.js": load("notify.js", "text/javascript; charset=utf-8"),
};

/** `/static/<name>?v=<hash>`: the version changes with the content, so it can be cached for a year. */
export function assetUrl(name: "app.css" | "app.js" | "public.css" | "stats.css" | "notify.js"): string {
  return `/static/${name}?v=${ASSETS[name]?.version ?? "0"}`;
}

export function assetBytes(): number {
  return Object.values(ASSETS).reduce((n, a) => n + Buffer.byteLength(a.body), 0);
}

export function serveAsset(c: Context, name: string): Response {
  const asset = ASSETS[name];
  if (!asset) return c.text("Not found", 404);
  const versioned = c.req.query("v") === asset.version;
  c.header("Content-Type", asset.type);
  c.header("Cache-Control", versioned ? "public, max-age=31536000, immutable" : "no-cache");
  c.header("ETag", `"${asset.version}"`);
  if (c.req.header("if-none-match") === `"${asset.version}"`) return c.body(null, 304);
  return c.body(asset.body, 200);
}
