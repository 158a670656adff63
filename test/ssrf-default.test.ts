import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "@klinik/config";
import { forClinic } from "@klinik/db";
import { startIngest } from "@klinik/worker-ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, demoFeed, type Harness, REDIS_URL, waitFor } from "./support/harness.ts";

/**
 * The ingest worker as `pnpm start` and the ingest process start it: default
 * configuration (no KLINIK_ALLOW_PRIVATE_FEEDS), the demo feed URL as the only
 * private address it may fetch. A clinic admin's source on 127.0.0.1 must not
 * turn the worker into a window on internal services.
 */
describe("ingest under the default start refuses private addresses", () => {
  let h: Harness;
  let server: Server;
  let base = "";
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      hits.push(path);
      if (path === "/demo/feeds/berita-daerah.xml")
        return void res.writeHead(200, { "content-type": "application/rss+xml" }).end(demoFeed("berita-daerah.xml"));
      if (path === "/demo/feeds/redirect.xml") return void res.writeHead(302, { location: "/internal/admin" }).end();
      if (path === "/internal/admin")
        return void res.writeHead(200, { "content-type": "application/rss+xml" }).end(demoFeed("pesan-berantai.xml"));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
    await new Promise<void>((r) => server?.close(() => r()));
  });

  it("fetches only the allowlisted demo URL; a loopback source and a redirect from the demo URL fail as blocked", async () => {
    const clinic = await createClinic(h, "jabar");
    const source = (name: string, url: string) =>
      forClinic(h.db.db, clinic.tenant.id).createSource({ kind: "rss", name, url, scheduleSec: 300 });
    const demo = await source("demo", `${base}/demo/feeds/berita-daerah.xml`);
    const redirect = await source("redirect", `${base}/demo/feeds/redirect.xml`);
    const internal = await source("internal", `${base}/internal/admin`);

    // Only what an operator sets: the defaults of every other variable, as on a fresh start.
    const config = loadConfig({ DATABASE_URL: h.db.url, REDIS_URL, QUEUE_PREFIX: h.config.QUEUE_PREFIX });
    expect(config.KLINIK_ALLOW_PRIVATE_FEEDS).toBe(false);
    await startIngest(config, h.logger, h.shutdown, {
      db: h.db,
      syncEveryMs: 60_000,
      allowPrivateUrls: [demo.url, redirect.url],
    });

    const fetched = async (id: string) => {
      const row = await forClinic(h.db.db, clinic.tenant.id).getSource(id);
      return row?.last_fetch_at || row?.last_error ? row : undefined;
    };
    expect(await waitFor(() => fetched(demo.id), "the demo source to be fetched")).toMatchObject({
      last_status: 200,
      last_error: null,
      items_added: 6,
    });
    for (const s of [internal, redirect]) {
      const row = await waitFor(() => fetched(s.id), `${s.name} to be tried`);
      expect(row.last_error, s.name).toMatch(/private, local or reserved network address/);
      expect(row.items_added, s.name).toBe(0);
    }
    const stored = await h.db.db
      .selectFrom("items")
      .select(["source_id"])
      .where("tenant_id", "=", clinic.tenant.id)
      .execute();
    expect(new Set(stored.map((i) => i.source_id))).toEqual(new Set([demo.id]));
    expect(hits).not.toContain("/internal/admin");
    expect(hits).toContain("/demo/feeds/redirect.xml");
  });
});
