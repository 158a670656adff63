import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ScoreReason } from "@klinik/core";
import { forClinic, newId } from "@klinik/db";
import { type Browser, chromium, type Page } from "playwright-core";
import type { Harness } from "../support/harness.ts";

export const SCREENSHOTS = new URL("../../.artifacts/screenshots/", import.meta.url);

export const REASONS: ScoreReason[] = [
  { code: "urgency", label: "Ajakan menyebarkan segera", weight: 1.4 },
  { code: "shortlink", label: "Tautan pendek", weight: 0.9 },
  { code: "caps", label: "Banyak huruf kapital", weight: 0.5 },
];

let seq = 0;

/**
 * A claim cluster built with the real repositories: items inserted, then
 * scored into one cluster exactly as the classifier stores them.
 */
export async function seedClaim(
  h: Harness,
  tenantId: string,
  spec: {
    text: string;
    title?: string | null;
    url?: string | null;
    score: number;
    sourceId?: string | null;
    members?: number;
    reasons?: ScoreReason[];
  },
): Promise<{ clusterId: string; itemIds: string[] }> {
  const n = spec.members ?? 1;
  const { pendingIds } = await forClinic(h.db.db, tenantId).insertItems(
    Array.from({ length: n }, (_, i) => ({
      tenantId,
      sourceId: spec.sourceId ?? null,
      reportId: null,
      dedupKey: `ui-test:${++seq}`,
      externalId: null,
      url: spec.url ?? null,
      title: spec.title ?? null,
      text: i === 0 ? spec.text : `${spec.text} (varian ${i})`,
      author: null,
      publishedAt: null,
    })),
  );
  const clusterId = newId();
  await forClinic(h.db.db, tenantId).storeScoredItems(
    "v-test",
    pendingIds.map((itemId, i) => ({
      itemId,
      result: { score: i === 0 ? spec.score : spec.score - 0.01, reasons: spec.reasons ?? REASONS },
      clusterId,
      signature: "",
      matches: [],
    })),
  );
  return { clusterId, itemIds: pendingIds };
}

/** The app on 127.0.0.1 at a random port, for the browser. */
export async function serveApp(h: Harness): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

export async function loginInBrowser(page: Page, base: string, email: string, password = "kata-sandi-uji") {
  await page.goto(`${base}/masuk`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk" }).click();
  await page.waitForURL(/\/antrean/);
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}

/** Cookie header of a logged-in UI session, and the page's CSRF token, without a browser. */
export async function uiSession(h: Harness, email: string, password = "kata-sandi-uji") {
  const form = await h.app.request("/masuk");
  const loginCookie = /kh_masuk=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1] ?? "";
  const res = await h.app.request("/masuk", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `kh_masuk=${loginCookie}` },
    body: new URLSearchParams({ _csrf: loginCookie, email, password, lanjut: "/antrean" }),
  });
  const session = /kh_sesi=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (res.status !== 303 || !session) throw new Error(`login failed: ${res.status}`);
  const cookie = `kh_sesi=${session}`;
  const page = await (await h.app.request("/antrean", { headers: { cookie } })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? "";
  return { cookie, csrf, setCookie: res.headers.get("set-cookie") ?? "" };
}

export function postForm(h: Harness, path: string, cookie: string, fields: Record<string, string>) {
  return h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}
