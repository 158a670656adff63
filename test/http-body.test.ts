/**
 * Request bodies over a real socket: on @hono/node-server the API reads them
 * from Node's IncomingMessage (services/api/src/body.ts), so the limits and
 * errors are checked here, not through app.request().
 */
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_BODY_BYTES, serveHttp } from "@klinik/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, type Harness } from "./support/harness.ts";

let h: Harness;
let server: Awaited<ReturnType<typeof serveHttp>>;
let port: number;
let analyst: Awaited<ReturnType<typeof createClinic>>;

beforeAll(async () => {
  h = await createHarness();
  analyst = await createClinic(h, "jabar", "analyst");
  // Served as the API is served (its request limits), not a bare node-server.
  server = await serveHttp(h.app.fetch, { port: 0, hostname: "127.0.0.1" });
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await h.close();
});

/** Sends `chunks` as the body; with `chunked`, no Content-Length (Transfer-Encoding: chunked). */
function post(
  path: string,
  chunks: (string | Buffer)[],
  opts: { chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const total = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(opts.chunked ? {} : { "content-length": String(total) }),
          ...opts.headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          text += d;
        });
        res.on("end", () => {
          let body: any = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    // A server that answers 413 early may close before the whole body is sent.
    req.on("error", (err: NodeJS.ErrnoException) =>
      err.code === "EPIPE" || err.code === "ECONNRESET" ? undefined : reject(err),
    );
    for (const c of chunks) req.write(c);
    req.end();
  });
}

async function queueTexts(): Promise<string[]> {
  const rows = await h.db.db.selectFrom("reports").select("text").where("tenant_id", "=", analyst.tenant.id).execute();
  return rows.map((r) => r.text).sort();
}

describe("request bodies over HTTP", () => {
  it("accepts a report with Content-Length, split over several packets", async () => {
    const json = JSON.stringify({ text: "Pesan berantai: air garam menyembuhkan demam berdarah" });
    const r = await post("/api/v1/public/jabar/reports", [json.slice(0, 10), json.slice(10)]);
    expect(r.status).toBe(202);
    expect(r.body.id).toEqual(expect.any(String));
    expect(await queueTexts()).toContain("Pesan berantai: air garam menyembuhkan demam berdarah");
  });

  it("accepts a chunked report without Content-Length", async () => {
    const r = await post("/api/v1/public/jabar/reports", ['{"text":"Kabar ', 'dari grup RT"}'], { chunked: true });
    expect(r.status).toBe(202);
    expect(await queueTexts()).toContain("Kabar dari grup RT");
  });

  it("keeps UTF-8 characters split across packets", async () => {
    const bytes = Buffer.from(JSON.stringify({ text: "Waspada “hoaks” — ☕ kopi 🚫 corona" }));
    const cut = bytes.indexOf(Buffer.from("☕")) + 1;
    const r = await post("/api/v1/public/jabar/reports", [bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(r.status).toBe(202);
    expect(await queueTexts()).toContain("Waspada “hoaks” — ☕ kopi 🚫 corona");
  });

  it("answers 413 to a declared length over the limit, and to a chunked body that grows past it", async () => {
    const before = await queueTexts();
    const big = JSON.stringify({ text: "x".repeat(MAX_BODY_BYTES) });
    const declared = await post("/api/v1/public/jabar/reports", [big]);
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe("payload_too_large");
    const pieces = Array.from({ length: 40 }, (_, i) => (i === 0 ? '{"text":"' : "y".repeat(8192)));
    const chunked = await post("/api/v1/public/jabar/reports", pieces, { chunked: true });
    expect(chunked.status).toBe(413);
    expect(chunked.body.error.code).toBe("payload_too_large");
    expect(await queueTexts()).toEqual(before);
  });

  it("answers a browser's form over the limit with a 413 page in the reader's language, not JSON", async () => {
    const before = await queueTexts();
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const big = `teks=${"x".repeat(MAX_BODY_BYTES)}`;
    // The public report form: the public error page, leading back to the clinic.
    const pub = await post("/k/jabar/lapor", [big], { headers: form });
    expect(pub.status).toBe(413);
    expect(pub.body).toContain("Isian Anda terlalu panjang (paling banyak 256 KB)");
    expect(pub.body).toContain('href="/k/jabar"');
    const pubEn = await post("/k/jabar/lapor?lang=en", [big], { headers: form });
    expect(pubEn.status).toBe(413);
    expect(pubEn.body).toContain("What you sent is too long (at most 256 KB)");
    // A staff form (chunked, multipart): the staff error page, in the language the cookie chose.
    const pieces = Array.from({ length: 40 }, (_, i) => (i === 0 ? "--b\r\n" : "y".repeat(8192)));
    const multipart = { "content-type": "multipart/form-data; boundary=b" };
    const staff = await post("/klarifikasi", pieces, { chunked: true, headers: multipart });
    expect(staff.status).toBe(413);
    expect(staff.body).toContain("Isian ini terlalu besar (paling banyak 256 KB), jadi tidak disimpan.");
    expect(staff.body).toContain('href="/antrean"');
    const staffEn = await post("/sumber", [big], { headers: { ...form, cookie: "lang=en" } });
    expect(staffEn.status).toBe(413);
    expect(staffEn.body).toContain("What this form sent is too large (at most 256 KB), so it was not saved.");
    for (const r of [pub, pubEn, staff, staffEn]) expect(r.body).not.toContain("payload_too_large");
    // app.js's requests ask for JSON and keep it, as does the JSON API.
    const json = await post("/sumber", [big], { headers: { ...form, accept: "application/json" } });
    expect([json.status, json.body.error?.code]).toEqual([413, "payload_too_large"]);
    expect(await queueTexts()).toEqual(before);
  });

  it("answers 400 to broken JSON and to bad fields, and the server keeps serving", async () => {
    const broken = await post("/api/v1/public/jabar/reports", ['{"text": "belum selesai']);
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe("invalid_json");
    const field = await post("/api/v1/public/jabar/reports", [JSON.stringify({ text: 42 })]);
    expect(field.status).toBe(400);
    expect(field.body.error.message).toMatch(/^text: /);
    const ok = await post("/api/v1/public/jabar/reports", [JSON.stringify({ text: "Masih diterima" })]);
    expect(ok.status).toBe(202);
  });

  it("reads authenticated JSON bodies the same way (verdict on an item)", async () => {
    const r = await post("/api/v1/public/jabar/reports", [JSON.stringify({ text: "Untuk diberi label" })]);
    const verdict = await post(`/api/v1/items/${r.body.itemId}/verdict`, [JSON.stringify({ verdict: "false" })], {
      headers: analyst.auth,
    });
    expect(verdict.status).toBe(201);
    const item = await call(h, "GET", `/api/v1/items/${r.body.itemId}`, { headers: analyst.auth });
    expect(item.body.status).toBe("done");
  });
});
