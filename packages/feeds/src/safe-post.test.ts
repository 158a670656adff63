import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, signWebhook, verifyWebhook } from "./safe-post.ts";

/** The partner-webhook sender: the feed client's address rules, no redirects, HMAC signature with a timestamp. */
describe("postJson and webhook signatures", () => {
  let server: Server;
  let base = "";
  const got: { path: string; body: string; signature: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => {
        body += d;
      });
      req.on("end", () => {
        got.push({ path: req.url ?? "", body, signature: String(req.headers["x-klinik-signature"] ?? "") });
        if (req.url === "/moved") res.writeHead(302, { location: "http://169.254.169.254/" }).end();
        else res.writeHead(req.url === "/fail" ? 500 : 204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("refuses a loopback receiver unless its exact URL is allow-listed", async () => {
    const strict = await postJson(`${base}/hook`, "{}", {}, { allowPrivate: false });
    expect(strict).toMatchObject({ kind: "error", code: "blocked_address" });
    const viaName = await postJson(`${base.replace("127.0.0.1", "localhost")}/hook`, "{}", {}, { allowPrivate: false });
    expect(viaName).toMatchObject({ kind: "error", code: "blocked_address" });
    expect(got).toEqual([]);
    const listed = await postJson(
      `${base}/hook`,
      "{}",
      {},
      { allowPrivate: false, allowPrivateUrls: [`${base}/hook`] },
    );
    expect(listed).toEqual({ kind: "response", status: 204 });
    const other = await postJson(
      `${base}/other`,
      "{}",
      {},
      { allowPrivate: false, allowPrivateUrls: [`${base}/hook`] },
    );
    expect(other).toMatchObject({ kind: "error", code: "blocked_address" });
    expect(await postJson("http://user:pw@example.test/", "{}", {}, { allowPrivate: true })).toMatchObject({
      code: "credentials_in_url",
    });
  });

  it("answers a redirect as it is, never following it, and reports error statuses", async () => {
    const opts = { allowPrivate: true };
    expect(await postJson(`${base}/moved`, "{}", {}, opts)).toEqual({ kind: "response", status: 302 });
    expect(got.filter((g) => g.path === "/")).toEqual([]);
    expect(await postJson(`${base}/fail`, "{}", {}, opts)).toEqual({ kind: "response", status: 500 });
  });

  it("signs t.body with HMAC-SHA256, which a receiver verifies; a changed body, secret or old time fails", async () => {
    const body = JSON.stringify({ event: "clarification.published", id: "x" });
    const header = signWebhook("rahasia", body);
    await postJson(`${base}/signed`, body, { "x-klinik-signature": header }, { allowPrivate: true });
    const received = got.find((g) => g.path === "/signed");
    expect(received?.body).toBe(body);
    const [t, v1] = (received?.signature ?? "").split(",").map((p) => p.split("=")[1]);
    expect(v1).toBe(createHmac("sha256", "rahasia").update(`${t}.${body}`).digest("hex"));
    expect(verifyWebhook("rahasia", body, received?.signature ?? "")).toBe(true);
    expect(verifyWebhook("rahasia", `${body} `, header)).toBe(false);
    expect(verifyWebhook("lain", body, header)).toBe(false);
    const old = signWebhook("rahasia", body, Math.floor(Date.now() / 1000) - 3_600);
    expect(verifyWebhook("rahasia", body, old)).toBe(false);
  });
});
