/**
 * The cached public page answered before @hono/node-server and Hono (`serveHttp`'s
 * `early`, services/api/src/public-page-fast-path.ts), over real sockets: one app and
 * its page cache behind two servers, one with the early answer and one without, so
 * every answer can be compared with the Hono path's byte for byte (but its date and
 * request id). A spy around `early` tells which requests it answered.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { buildApp, serveHttp } from "@klinik/api";
import { ClassifyBatcher } from "@klinik/queue";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, type Harness } from "./support/harness.ts";
import { seedClaim } from "./ui/support.ts";

type Raw = { status: number; headers: [string, string][]; body: string };

/** One request over a socket; headers as sent on the wire (names' case and order kept). */
function get(port: number, path: string, headers: Record<string, string>, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
      });
      res.on("end", () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          pairs.push([res.rawHeaders[i] ?? "", res.rawHeaders[i + 1] ?? ""]);
        resolve({ status: res.statusCode ?? 0, headers: pairs, body });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** What must be the same between two answers: all but the date and the request id. */
const same = (r: Raw) => ({
  status: r.status,
  headers: r.headers.filter(([k]) => !["date", "x-request-id"].includes(k.toLowerCase())),
  body: r.body,
});
const header = (r: Raw, name: string) => r.headers.find(([k]) => k.toLowerCase() === name)?.[1];

describe("public page answered before Hono", { timeout: 120_000 }, () => {
  let h: Harness;
  let id: string;
  const lines: Record<string, unknown>[] = [];
  const answered: boolean[] = [];
  let early: number;
  let hono: number;
  const servers: { close(cb: () => void): void }[] = [];
  const path = () => `/k/jabar/klarifikasi/${id}`;
  /** The early server's answer, and whether `early` gave it. */
  async function viaEarly(p: string, headers: Record<string, string>, method = "GET") {
    answered.length = 0;
    const r = await get(early, p, headers, method);
    return { ...r, early: answered.includes(true) };
  }

  beforeAll(async () => {
    h = await createHarness();
    const jabar = await createClinic(h, "jabar");
    const claim = await seedClaim(h, jabar.tenant.id, { text: "Vaksin mengandung chip pelacak 5G", score: 0.9 });
    const made = await call(h, "POST", "/api/v1/clarifications", {
      headers: jabar.auth,
      body: { title: "Vaksin tidak mengandung chip", body: "Penjelasan.", verdict: "false", itemIds: claim.itemIds },
    });
    id = made.body.id;
    await call(h, "POST", `/api/v1/clarifications/${id}/publish`, { headers: jabar.auth });
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split("\n")) if (l) lines.push(JSON.parse(l));
        done();
      },
    });
    const built = buildApp({
      db: h.db.db,
      dialect: h.db.dialect,
      redis: h.redis,
      queues: h.queues,
      classifyBatcher: new ClassifyBatcher(h.queues),
      config: { ...h.config, TRUST_PROXY: 1, ACCESS_LOG_LEVEL: "info" },
      logger: pino({ level: "info" }, sink),
    });
    const spy = (req: IncomingMessage, res: ServerResponse) => {
      const done = built.early(req, res);
      answered.push(done);
      return done;
    };
    const withEarly = await serveHttp(built.app.fetch, { port: 0, hostname: "127.0.0.1", early: spy });
    const withoutEarly = await serveHttp(built.app.fetch, { port: 0, hostname: "127.0.0.1" });
    servers.push(withEarly, withoutEarly);
    early = (withEarly.address() as AddressInfo).port;
    hono = (withoutEarly.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
    await h?.close();
  });

  it("answers a kept page with exactly the Hono path's status, headers and body", async () => {
    const host = { host: "klinik.test" };
    const miss = await viaEarly(path(), host);
    expect(miss.early).toBe(false); // not kept yet: Hono renders and keeps it
    expect(miss.status).toBe(200);
    const viaHono = await get(hono, path(), host);
    const hit = await viaEarly(path(), host);
    expect(hit.early).toBe(true);
    expect(same(hit)).toEqual(same(viaHono));
    // And the full stack's first answer (which names its content-length in lower case).
    const lower = (r: Raw) => ({ ...r, headers: r.headers.map(([k, v]) => [k.toLowerCase(), v] as [string, string]) });
    expect(same(lower(hit))).toEqual(same(lower(miss)));
    expect(hit.body).toContain("Vaksin tidak mengandung chip");
    expect(header(hit, "x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(header(hit, "x-request-id")).not.toBe(header(viaHono, "x-request-id"));
    expect(header(hit, "content-security-policy")).toContain("frame-ancestors 'none'");
    // A proxy's request id is kept as the Hono path keeps it; a hostile one is replaced.
    const proxied = await viaEarly(path(), { ...host, "x-request-id": "req-from-proxy-42" });
    expect([proxied.early, header(proxied, "x-request-id")]).toEqual([true, "req-from-proxy-42"]);
    const hostile = await viaEarly(path(), { ...host, "x-request-id": "<script>alert(1)</script>" });
    expect(header(hostile, "x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers 304 to a matching If-None-Match as the Hono path does", async () => {
    const host = { host: "klinik.test" };
    await get(hono, path(), host);
    const etag = header(await get(hono, path(), host), "etag") ?? "";
    const headers = { ...host, "if-none-match": `W/"x", ${etag}` };
    const viaHono = await get(hono, path(), headers);
    const hit = await viaEarly(path(), headers);
    expect([hit.early, hit.status, hit.body]).toEqual([true, 304, ""]);
    expect(same(hit)).toEqual(same(viaHono));
    const stale = await viaEarly(path(), { ...host, "if-none-match": '"lama"' });
    expect([stale.early, stale.status]).toEqual([true, 200]);
  });

  it("never answers a page kept for another origin: Host and X-Forwarded-Proto are part of the key", async () => {
    await get(hono, path(), { host: "klinik.test" });
    const other = await viaEarly(path(), { host: "mirror.test" });
    expect(other.early).toBe(false);
    expect(other.body).toContain(`http://mirror.test/k/jabar/klarifikasi/${id}`);
    expect(other.body).not.toContain("klinik.test");
    const https = await viaEarly(path(), { host: "klinik.test", "x-forwarded-proto": "https" });
    expect(https.early).toBe(false);
    expect(https.body).toContain(`https://klinik.test/k/jabar/klarifikasi/${id}`);
    const httpsAgain = await viaEarly(path(), { host: "klinik.test", "x-forwarded-proto": "https" });
    expect(httpsAgain.early).toBe(true);
    expect(httpsAgain.body).toContain(`https://klinik.test/k/jabar/klarifikasi/${id}`);
    // Back on plain http, the http page.
    const plain = await viaEarly(path(), { host: "klinik.test" });
    expect([plain.early, plain.body.includes("https://klinik.test")]).toEqual([true, false]);
  });

  it("keeps ?lang=en its own page", async () => {
    const host = { host: "klinik.test" };
    await get(hono, path(), host);
    const first = await viaEarly(`${path()}?lang=en`, host);
    expect(first.early).toBe(false);
    expect(first.body).toContain("False/Hoax");
    const en = await viaEarly(`${path()}?lang=en`, host);
    expect([en.early, en.body.includes("False/Hoax")]).toEqual([true, true]);
    expect(same(en)).toEqual(same(await get(hono, `${path()}?lang=en`, host)));
    const id_ = await viaEarly(`${path()}?lang=id`, host);
    expect([id_.early, id_.body.includes("Salah/Hoaks")]).toEqual([true, true]);
  });

  it("leaves to Hono what is not plain: other query parameters, odd hosts, HEAD, a body, unknown paths", async () => {
    const host = { host: "klinik.test" };
    const kept = await get(hono, path(), host);
    for (const [p, headers, method] of [
      [`${path()}?utm_source=whatsapp`, host, "GET"],
      [`${path()}?lang=en&x=1`, host, "GET"],
      [path(), { host: "KLINIK.test" }, "GET"],
      [path(), { host: "klinik.test:80" }, "GET"],
      [path(), { host: "127.1" }, "GET"],
      [path(), host, "HEAD"],
      [path(), { ...host, "content-length": "0" }, "GET"],
      [`/k/jabar/klarifikasi/${id}/`, host, "GET"],
      [`/k/jabar/klarifikasi/${id}?`, host, "GET"],
    ] as const) {
      const r = await viaEarly(p, headers, method);
      expect([p, headers.host, method, r.early]).toEqual([p, headers.host, method, false]);
    }
    // Hono answers them as before: the query does not change the page, URL lower-cases the host.
    const utm = await viaEarly(`${path()}?utm_source=whatsapp`, host);
    expect(same(utm)).toEqual(same(kept));
    const upper = await viaEarly(path(), { host: "KLINIK.test" });
    expect(same(upper)).toEqual(same(kept));
  });

  it("writes the access line as the Hono path does (TRUST_PROXY's address rule)", async () => {
    const headers = { host: "klinik.test", "x-forwarded-for": "198.51.100.7, 203.0.113.9" };
    await get(hono, path(), headers);
    lines.length = 0;
    await get(hono, path(), headers);
    const hit = await viaEarly(path(), headers);
    expect(hit.early).toBe(true);
    const http = lines.filter((l) => l.msg === "http");
    expect(http).toHaveLength(2);
    const strip = ({ req: _r, ms: _m, time: _t, ...rest }: Record<string, unknown>) => rest;
    expect(strip(http[1] ?? {})).toEqual(strip(http[0] ?? {}));
    expect(http[1]).toMatchObject({
      req: header(hit, "x-request-id"),
      method: "GET",
      route: "/k/:slug/klarifikasi/:id",
      status: 200,
      addr: "203.0.113.9",
    });
  });
});
