import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, fixture, serve, startFixtureServer } from "./fixture-server.ts";
import { type ConditionalState, type FetchOptions, type FetchResult, fetchSource } from "./index.ts";

let srv: FixtureServer;
const none: ConditionalState = { etag: null, lastModified: null };

beforeAll(async () => {
  srv = await startFixtureServer();
  srv.route("/demo.xml", serve(fixture("rss2.xml")));
  srv.route("/internal", serve(fixture("rss2.xml")));
  srv.route("/demo-redirect.xml", (_req, res) => void res.writeHead(302, { location: "/internal" }).end());
});
afterAll(() => srv.close());

const fetchRss = (url: string, opts: FetchOptions) => fetchSource({ kind: "rss", url }, none, opts);
const hits = (path: string) => srv.requests.filter((r) => r.url?.split("?")[0] === path).length;

function code(result: FetchResult): string {
  if (result.kind !== "error") throw new Error(`expected an error, got ${result.kind}`);
  return result.code;
}

describe("allowPrivateUrls: an exact-URL exemption from the address check", () => {
  it("fetches a listed loopback URL while every other loopback URL stays blocked", async () => {
    const demo = `${srv.origin}/demo.xml`;
    const opts: FetchOptions = { allowPrivate: false, allowPrivateUrls: [demo], timeoutMs: 5_000 };
    expect((await fetchRss(demo, opts)).kind).toBe("ok");
    const before = srv.connections();
    expect(code(await fetchRss(`${srv.origin}/internal`, opts))).toBe("blocked_address");
    expect(code(await fetchRss(`${demo}?x=1`, opts))).toBe("blocked_address");
    expect(code(await fetchRss(demo.replace("127.0.0.1", "localhost"), opts))).toBe("blocked_address");
    expect(srv.connections()).toBe(before);
  });

  it("refuses a redirect from a listed URL to an unlisted private one, before connecting to it", async () => {
    const listed = `${srv.origin}/demo-redirect.xml`;
    const before = hits("/internal");
    const result = await fetchRss(listed, { allowPrivate: false, allowPrivateUrls: [listed], timeoutMs: 5_000 });
    expect(code(result)).toBe("blocked_address");
    expect(hits("/demo-redirect.xml")).toBeGreaterThan(0);
    expect(hits("/internal")).toBe(before);
  });
});

describe("credentials in a feed URL", () => {
  it("are refused with credentials_in_url and never reach the server", async () => {
    const before = srv.connections();
    const withCreds = srv.origin.replace("http://", "http://admin:hunter2@");
    const result = await fetchRss(`${withCreds}/demo.xml`, { allowPrivate: true, timeoutMs: 5_000 });
    expect(code(result)).toBe("credentials_in_url");
    if (result.kind === "error") expect(result.message).toMatch(/user name or password/);
    expect(srv.connections()).toBe(before);
  });

  it("in a redirect target are not followed", async () => {
    const withCreds = srv.origin.replace("http://", "http://admin:hunter2@");
    srv.route("/to-creds", (_req, res) => void res.writeHead(302, { location: `${withCreds}/creds-target` }).end());
    srv.route("/creds-target", serve(fixture("rss2.xml")));
    const result = await fetchRss(`${srv.origin}/to-creds`, { allowPrivate: true, timeoutMs: 5_000 });
    expect(code(result)).toBe("bad_redirect");
    expect(srv.requests.some((r) => r.headers.authorization)).toBe(false);
    expect(hits("/creds-target")).toBe(0);
  });
});
