/**
 * The cached public clarification page (services/api/src/public-page-fast-path.ts): hits are
 * answered before the app's middleware with the headers the whole stack gave the page, and a
 * change shows at once in this process and, through Redis, in another API process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createSession } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, type Harness, REDIS_URL, waitFor } from "./support/harness.ts";
import { seedClaim } from "./ui/support.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PER_REQUEST = ["x-request-id", "date", "content-length"];

/** A response's headers without the ones that belong to one request. */
function pageHeaders(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (!PER_REQUEST.includes(k)) out[k] = v;
  });
  return out;
}

/** The API as its own process on the harness's database and Redis prefix; its URL once it listens. */
async function apiProcess(h: Harness, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "services/api/src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: h.db.url,
      REDIS_URL,
      QUEUE_PREFIX: h.config.QUEUE_PREFIX,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      ACCESS_LOG_LEVEL: "silent",
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`API process did not listen: ${out.slice(-500)}`)), 90_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`API process exited with ${code}`)));
  });
  return { url, child };
}

describe("cached public clarification page", { timeout: 180_000 }, () => {
  let h: Harness;
  let jabar: Awaited<ReturnType<typeof createClinic>>;
  let id: string;
  let baliId: string;
  const page = (path: string, headers: Record<string, string> = {}) => h.app.request(path, { headers });

  async function publish(clinic: typeof jabar, text: string, title: string) {
    const claim = await seedClaim(h, clinic.tenant.id, { text, score: 0.9 });
    const made = await call(h, "POST", "/api/v1/clarifications", {
      headers: clinic.auth,
      body: { title, body: "Penjelasan resmi dinas.", verdict: "false", itemIds: claim.itemIds },
    });
    expect(made.status).toBe(201);
    expect(
      (await call(h, "POST", `/api/v1/clarifications/${made.body.id}/publish`, { headers: clinic.auth })).status,
    ).toBe(200);
    return made.body.id as string;
  }

  beforeAll(async () => {
    h = await createHarness();
    jabar = await createClinic(h, "jabar");
    const bali = await createClinic(h, "bali");
    id = await publish(jabar, "Vaksin mengandung chip pelacak 5G, sebarkan!", "Vaksin tidak mengandung chip");
    baliId = await publish(bali, "Air laut naik besok pagi", "Banjir rob bukan besok");
  });
  afterAll(async () => h?.close());

  it("answers a hit with the headers of the full answer: security headers, ETag, Cache-Control, no cookie, no Vary", async () => {
    const first = await page(`/k/jabar/klarifikasi/${id}`);
    const html = await first.text();
    const hit = await page(`/k/jabar/klarifikasi/${id}`);
    expect(hit.status).toBe(200);
    expect(await hit.text()).toBe(html);
    expect(pageHeaders(hit)).toEqual(pageHeaders(first));
    expect(hit.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(hit.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(hit.headers.get("cache-control")).toBe("public, max-age=60");
    expect(hit.headers.get("etag")).toMatch(/^".+"$/);
    expect(hit.headers.get("content-type")).toContain("text/html");
    expect(hit.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(hit.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(hit.headers.get("x-frame-options")).toMatch(/^(DENY|SAMEORIGIN)$/);
    expect(hit.headers.get("x-content-type-options")).toBe("nosniff");
    expect(hit.headers.get("referrer-policy")).toBe("no-referrer");
    expect(hit.headers.get("set-cookie")).toBeNull();
    expect(hit.headers.get("vary")).toBeNull();
  });

  it("answers 304 to a matching If-None-Match, keeping its validators and security headers", async () => {
    const etag = (await page(`/k/jabar/klarifikasi/${id}`)).headers.get("etag") ?? "";
    const again = await page(`/k/jabar/klarifikasi/${id}`, { "if-none-match": `W/"x", ${etag}` });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe("public, max-age=60");
    expect(again.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect((await page(`/k/jabar/klarifikasi/${id}`, { "if-none-match": '"lama"' })).status).toBe(200);
  });

  it("is the same page with or without a session, and the query a visitor came with does not stick to it", async () => {
    const { token } = await createSession(h.db.db, jabar.user, 1);
    // The first reader after a change arrives from a shared link with its own query.
    await call(h, "PATCH", `/api/v1/clarifications/${id}`, {
      headers: jabar.auth,
      body: { body: "Penjelasan resmi dinas, dengan sumber.", correction: "Menambahkan sumber" },
    });
    const shared = await page(`/k/jabar/klarifikasi/${id}?utm_source=whatsapp&ref=%3Cb%3E`);
    expect(await shared.text()).not.toContain("utm_source");
    const anonymous = await page(`/k/jabar/klarifikasi/${id}`);
    const staff = await page(`/k/jabar/klarifikasi/${id}`, { cookie: `kh_sesi=${token}; lang=en` });
    expect(staff.headers.get("etag")).toBe(anonymous.headers.get("etag"));
    const html = await staff.text();
    expect(html).toBe(await anonymous.text());
    expect(html).not.toContain("utm_source");
    expect(html).toContain("Salah/Hoaks");
    // English has its own URL; asking for it sets no cookie on a page caches keep.
    const en = await page(`/k/jabar/klarifikasi/${id}?lang=en`);
    expect(await en.text()).toContain("False/Hoax");
    expect(en.headers.get("set-cookie")).toBeNull();
    expect(en.headers.get("etag")).not.toBe(anonymous.headers.get("etag"));
  });

  it("never answers one clinic's page under another clinic, nor a link built on another host", async () => {
    await page(`/k/jabar/klarifikasi/${id}`);
    await page(`/k/jabar/klarifikasi/${id}`);
    const crossed = await page(`/k/bali/klarifikasi/${id}`);
    expect(crossed.status).toBe(404);
    expect(await crossed.text()).not.toContain("Vaksin tidak mengandung chip");
    const bali = await (await page(`/k/bali/klarifikasi/${baliId}`)).text();
    expect(bali).toContain("Banjir rob bukan besok");
    expect(bali).not.toContain("Vaksin tidak mengandung chip");
    const other = await (await h.app.request(`http://mirror.test/k/jabar/klarifikasi/${id}`)).text();
    expect(other).toContain(`http://mirror.test/k/jabar/klarifikasi/${id}`);
    expect(await (await page(`/k/jabar/klarifikasi/${id}`)).text()).not.toContain("mirror.test");
  });

  it("shows an edit and a withdrawal on the next request in this process", async () => {
    const before = await page(`/k/jabar/klarifikasi/${id}`);
    await before.text();
    await page(`/k/jabar/klarifikasi/${id}`);
    const edit = await call(h, "PATCH", `/api/v1/clarifications/${id}`, {
      headers: jabar.auth,
      body: { title: "Vaksin tidak mengandung chip apa pun", correction: "Judul diperjelas" },
    });
    expect(edit.status).toBe(200);
    const after = await page(`/k/jabar/klarifikasi/${id}`, { "if-none-match": before.headers.get("etag") ?? "" });
    expect(after.status).toBe(200);
    const html = await after.text();
    expect(html).toContain("Vaksin tidak mengandung chip apa pun");
    expect(html).toContain("Judul diperjelas");
    const withdrawn = await call(h, "POST", `/api/v1/clarifications/${id}/withdraw`, {
      headers: jabar.auth,
      body: { reason: "Sumber ternyata keliru" },
    });
    expect(withdrawn.status).toBe(200);
    const gone = await (await page(`/k/jabar/klarifikasi/${id}`)).text();
    expect(gone).toContain("Ditarik");
    expect(gone).toContain("Sumber ternyata keliru");
  });

  it("shows a change made through another API process, told through Redis (its own copy would last an hour)", async () => {
    const fresh = await publish(jabar, "Listrik padam tiga hari mulai besok", "Tidak ada pemadaman tiga hari");
    const other = await apiProcess(h, { PUBLIC_PAGE_TTL_SEC: "3600" });
    try {
      const read = async () => {
        const res = await fetch(`${other.url}/k/jabar/klarifikasi/${fresh}`);
        return { etag: res.headers.get("etag"), html: await res.text() };
      };
      const first = await read();
      expect(first.html).toContain("Tidak ada pemadaman tiga hari");
      // Kept there now: the same page again, then a subscription that hears changes.
      expect((await read()).etag).toBe(first.etag);
      await new Promise((r) => setTimeout(r, 1_000));
      const edit = await call(h, "PATCH", `/api/v1/clarifications/${fresh}`, {
        headers: jabar.auth,
        body: { title: "Tidak ada pemadaman listrik", correction: "Judul diperbaiki" },
      });
      expect(edit.status).toBe(200);
      // Well inside the other process's hour (and the default 10 s): only the message can have dropped its copy.
      const changed = await waitFor(
        async () => {
          const r = await read();
          return r.html.includes("Tidak ada pemadaman listrik") ? r : undefined;
        },
        "the other process to show the edit",
        5_000,
      );
      expect(changed.etag).not.toBe(first.etag);
    } finally {
      other.child.kill("SIGTERM");
      await new Promise((r) => other.child.once("exit", r));
    }
  });
});
