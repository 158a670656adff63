/**
 * The public check over a real socket (@hono/node-server), rate limit on: what
 * app.request() in the other tests cannot show — the answer as node-server
 * sends it, with the headers every middleware adds after the handler (request
 * id, security headers) and a Content-Length, for a match, a refusal of the
 * input and a refusal of the rate limit alike.
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { serveHttp } from "@klinik/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, type Harness } from "./support/harness.ts";

let h: Harness;
let server: Awaited<ReturnType<typeof serveHttp>>;
let port: number;

beforeAll(async () => {
  // 6 a minute: bursts of 1 per 10 s, so the second check from one address is refused.
  h = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "6", TRUST_PROXY: "1" });
  const clinic = await createClinic(h, "jatim");
  const draft = await call(h, "POST", "/api/v1/clarifications", {
    headers: clinic.auth,
    body: { title: "[HOAKS] Vaksin berisi chip pelacak", body: "Vaksin tidak berisi chip pelacak.", verdict: "false" },
  });
  expect(
    (await call(h, "POST", `/api/v1/clarifications/${draft.body.id}/publish`, { headers: clinic.auth })).status,
  ).toBe(200);
  // Served as the API is served (its request limits), not a bare node-server.
  server = await serveHttp(h.app.fetch, { port: 0, hostname: "127.0.0.1" });
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await h.close();
});

/** One check from `address` (through the trusted proxy's X-Forwarded-For). */
function check(address: string, body: string): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: "/api/v1/public/jatim/check",
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-forwarded-for": address,
          "x-request-id": `req-${address}`,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          text += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function expectSent(r: { headers: IncomingHttpHeaders; text: string }, address: string) {
  expect(r.headers["x-request-id"]).toBe(`req-${address}`);
  expect(r.headers["x-content-type-options"]).toBe("nosniff");
  expect(r.headers["x-frame-options"]).toBe("SAMEORIGIN");
  expect(r.headers["content-type"]).toMatch(/^application\/json/);
  expect(Number(r.headers["content-length"])).toBe(Buffer.byteLength(r.text));
}

describe("the public check over HTTP", () => {
  it("answers a match with the request id, the security headers and a Content-Length", async () => {
    const r = await check("198.51.100.1", JSON.stringify({ text: "katanya vaksin ada chip pelacak" }));
    expect(r.status).toBe(200);
    expectSent(r, "198.51.100.1");
    expect(JSON.parse(r.text).data[0]).toMatchObject({ title: "[HOAKS] Vaksin berisi chip pelacak", verdict: "false" });
  });

  it("refuses bad input and a second check within the burst in the one error shape, headers alike", async () => {
    const empty = await check("198.51.100.2", JSON.stringify({ text: "   " }));
    expect(empty.status).toBe(400);
    expectSent(empty, "198.51.100.2");
    expect(JSON.parse(empty.text).error).toMatchObject({ code: "invalid_request" });

    expect((await check("198.51.100.3", JSON.stringify({ text: "vaksin" }))).status).toBe(200);
    const limited = await check("198.51.100.3", JSON.stringify({ text: "vaksin" }));
    expect(limited.status).toBe(429);
    expectSent(limited, "198.51.100.3");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(JSON.parse(limited.text).error).toMatchObject({ code: "rate_limited" });
    // Another address is not affected.
    expect((await check("198.51.100.4", JSON.stringify({ text: "vaksin" }))).status).toBe(200);
  });
});
