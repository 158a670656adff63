import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { forClinic } from "@klinik/db";
import { PAUSE_AFTER_FAILURES } from "@klinik/worker-ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, demoFeed, type Harness } from "./support/harness.ts";
import { ingestProcessor } from "./support/ingest.ts";

/**
 * Hostile feeds through the real ingest processor: each fails on its own source
 * with an error in words; the good source next to them is ingested normally.
 */
describe("ingest survives hostile sources", () => {
  let h: Harness;
  let server: Server;
  let base = "";
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  const clinicDb = () => forClinic(h.db.db, clinic.tenant.id);

  const bigFeed = () => {
    const items = Array.from(
      { length: 10_000 },
      (_, i) =>
        `<item><guid>g${i}</guid><title>Judul ${i}</title><description>Isi berita nomor ${i}</description></item>`,
    );
    return `<?xml version="1.0"?><rss version="2.0"><channel><title>Besar</title>${items.join("")}</channel></rss>`;
  };

  beforeAll(async () => {
    h = await createHarness();
    clinic = await createClinic(h, "banten");
    server = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0];
      const send = (body: string | Buffer, type = "application/rss+xml") =>
        res.writeHead(200, { "content-type": type }).end(body);
      if (path === "/good.xml") return send(demoFeed("berita-daerah.xml"));
      if (path === "/html")
        return send("<!doctype html><html><head><title>Portal</title></head><body>Berita</body></html>", "text/html");
      if (path === "/truncated.xml")
        return send('<?xml version="1.0"?><rss version="2.0"><channel><title>Potong</title><item><title>Sa');
      if (path === "/bomb.xml")
        return send(
          '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title></channel></rss>',
        );
      if (path === "/loop") return res.writeHead(302, { location: "/loop2" }).end();
      if (path === "/loop2") return res.writeHead(302, { location: "/loop" }).end();
      if (path === "/big.xml") return send(bigFeed());
      if (path === "/proto.xml")
        return send(
          '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><__proto__><polluted>yes</polluted></__proto__><title>Aman</title><description>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;Teks</description></item></channel></rss>',
        );
      return void res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await h?.close();
    await new Promise<void>((r) => server?.close(() => r()));
  });

  const processor = (allowPrivate: boolean, now?: () => Date) =>
    ingestProcessor(h, { allowPrivate, timeoutMs: 5_000, now });
  const rssSource = (name: string, url: string) =>
    clinicDb().createSource({ kind: "rss", name, url, scheduleSec: 300 });
  /** A new source for `url` (a path on the fixture server, or a whole URL), fetched once by `process`. */
  const ingestOnce = async (process: ReturnType<typeof processor>, url: string) => {
    const source = await rssSource(url, url.startsWith("/") ? `${base}${url}` : url);
    return { source, outcome: await process({ tenantId: clinic.tenant.id, sourceId: source.id }) };
  };

  it("records each hostile feed's error on its own source and ingests the good one", async () => {
    const cases: [string, RegExp][] = [
      ["/html", /HTML/i],
      ["/truncated.xml", /ends abruptly|cut off/i],
      ["/bomb.xml", /DTD|entit/i],
      ["/loop", /redirect/i],
    ];
    const process = processor(true);
    for (const [path, message] of cases) {
      const { source, outcome } = await ingestOnce(process, path);
      expect(outcome.kind, path).toBe("failed");
      const row = await clinicDb().getSource(source.id);
      expect(row?.last_error, path).toMatch(message);
      expect(row?.consecutive_failures).toBe(1);
      expect(Date.parse(row?.next_fetch_at ?? "")).toBeGreaterThan(Date.now());
    }
    expect((await ingestOnce(process, "/good.xml")).outcome).toMatchObject({ kind: "fetched", added: 6 });
  });

  it("refuses loopback and cloud-metadata addresses unless private feeds are allowed", async () => {
    const process = processor(false);
    for (const url of [`${base}/good.xml?private`, "http://169.254.169.254/latest/meta-data/"]) {
      const { source, outcome } = await ingestOnce(process, url);
      expect(outcome.kind).toBe("failed");
      expect((await clinicDb().getSource(source.id))?.last_error).toMatch(
        /private|loopback|link-local|not allowed|refused|blocked/i,
      );
    }
  });

  it("caps a feed of 10,000 entries and stores markup as inert text without prototype pollution", async () => {
    const process = processor(true);
    const { outcome } = await ingestOnce(process, "/big.xml");
    expect(outcome).toMatchObject({ kind: "fetched" });
    expect(outcome.kind === "fetched" && outcome.added).toBe(1000);

    const proto = await ingestOnce(process, "/proto.xml");
    expect(proto.outcome).toMatchObject({ kind: "fetched", added: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const rows = await h.db.db
      .selectFrom("items")
      .select(["text", "title"])
      .where("source_id", "=", proto.source.id)
      .execute();
    expect(rows[0]?.title).toBe("Aman");
    expect(rows[0]?.text).not.toMatch(/<script|onerror|<img/i);
    expect(rows[0]?.text).toContain("Teks");
  });

  it("pauses a source after repeated failures and resumes it when an admin says so", async () => {
    let clock = Date.now();
    const process = processor(true, () => new Date(clock));
    const s = await rssSource("selalu rusak", `${base}/html?pause`);
    for (let i = 0; i < PAUSE_AFTER_FAILURES; i++) {
      await process({ tenantId: clinic.tenant.id, sourceId: s.id });
      clock += 30 * 24 * 3600_000; // past any backoff
    }
    const paused = await clinicDb().getSource(s.id);
    expect(paused).toMatchObject({ enabled: 0, consecutive_failures: PAUSE_AFTER_FAILURES });
    expect(paused?.paused_reason).toMatch(/berturut-turut/);
    expect(await process({ tenantId: clinic.tenant.id, sourceId: s.id })).toEqual({
      kind: "skipped",
      reason: "disabled",
    });
    const listed = await call(h, "GET", "/api/v1/sources", { headers: clinic.auth });
    expect(listed.body.data.find((x: { id: string }) => x.id === s.id)).toMatchObject({
      enabled: false,
      lastError: expect.stringMatching(/HTML/i),
    });
    const resumed = await call(h, "POST", `/api/v1/sources/${s.id}/resume`, { headers: clinic.auth });
    expect(resumed.body).toMatchObject({ enabled: true, consecutiveFailures: 0, pausedReason: null });
    expect((await clinicDb().getSource(s.id))?.next_fetch_at).toBeNull();
  });
});
