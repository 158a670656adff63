/**
 * Holes an attack run found in the HTTP layer, each closed and kept closed here:
 * trickled bodies, a NUL byte costing other reports, state changes on GET,
 * a spoofed X-Forwarded-For, and expired sessions left behind.
 */
import { connect } from "node:net";
import { serveHttp } from "@klinik/api";
import { deleteExpiredSessions, forClinic } from "@klinik/db";
import { afterAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { seedClaim, uiSession } from "./ui/support.ts";

const harnesses: Harness[] = [];
async function harness(extra: Record<string, string> = {}, dialect: "sqlite" | "postgres" = "sqlite") {
  const h = await createHarness(extra, dialect);
  harnesses.push(h);
  return h;
}
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});

describe("HTTP limits", () => {
  it("cuts off a client that trickles its request body", async () => {
    const h = await harness();
    await createClinic(h, "riau");
    const server = await serveHttp(h.app.fetch, { port: 0, hostname: "127.0.0.1", requestTimeoutMs: 1_500 });
    const { port } = server.address() as { port: number };
    try {
      const started = Date.now();
      const closedAfter = await new Promise<number>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () => {
          socket.write(
            "POST /api/v1/public/riau/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
          );
        });
        const drip = setInterval(() => socket.write(" "), 200);
        socket.on("close", () => {
          clearInterval(drip);
          resolve(Date.now() - started);
        });
        socket.on("error", () => {});
        setTimeout(() => reject(new Error("still open after 10 s")), 10_000).unref();
      });
      // requestTimeout 1.5 s, checked every 0.75 s: the server hangs up well before 10 s.
      expect(closedAfter).toBeLessThan(5_000);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  for (const dialect of DIALECTS) {
    it(`stores every report sent with one holding NUL bytes (${dialect})`, async () => {
      const h = await harness({ PUBLIC_RATE_LIMIT_PER_MIN: "0" }, dialect);
      const clinic = await createClinic(h, "jambi");
      const bodies = Array.from({ length: 30 }, (_, i) =>
        i === 7
          ? { text: "Pesan berantai\u0000 dengan NUL", contact: "08\u000012" }
          : { text: `Laporan warga nomor ${i}` },
      );
      const answers = await Promise.all(
        bodies.map((body) => call(h, "POST", "/api/v1/public/jambi/reports", { body })),
      );
      expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 202));
      const item = await forClinic(h.db.db, clinic.tenant.id).getItem(answers[7]?.body.itemId);
      expect(item?.text).toBe("Pesan berantai dengan NUL");
    });
  }

  it("takes the client address from the trusted proxy's entry, not the client's own", async () => {
    const h = await harness({ PUBLIC_RATE_LIMIT_PER_MIN: "3", TRUST_PROXY: "1" });
    await createClinic(h, "bengkulu");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // The client makes up a new first entry each time; the proxy appends the real address.
      const r = await call(h, "POST", "/api/v1/public/bengkulu/reports", {
        body: { text: `Laporan ${i}` },
        headers: { "x-forwarded-for": `10.0.0.${i}, 203.0.113.9` },
      });
      statuses.push(r.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
  });
});

describe("no state change on GET", () => {
  it("opening a claim page does not take the claim; the POST does", async () => {
    const h = await harness();
    const clinic = await createClinic(h, "sumbar");
    const claim = await seedClaim(h, clinic.tenant.id, { text: "Pesan berantai tentang bansos", score: 0.9 });
    const me = await uiSession(h, "admin@sumbar.test");
    const page = await h.app.request(`/klaster/${claim.clusterId}`, { headers: { cookie: me.cookie } });
    expect(page.status).toBe(200);
    expect(await forClinic(h.db.db, clinic.tenant.id).getCluster(claim.clusterId)).toMatchObject({
      status: "new",
      claimed_by: null,
    });
    const take = await h.app.request(`/klaster/${claim.clusterId}/ambil`, {
      method: "POST",
      headers: { cookie: me.cookie, "x-csrf-token": me.csrf, accept: "application/json" },
    });
    expect(take.status).toBe(200);
    expect((await forClinic(h.db.db, clinic.tenant.id).getCluster(claim.clusterId))?.claimed_by).toBe(clinic.user.id);
  });
});

describe("sessions", () => {
  it("deletes expired sessions and keeps live ones", async () => {
    const h = await harness();
    const clinic = await createClinic(h, "kalbar");
    const live = await call(h, "GET", "/api/v1/clusters", { headers: clinic.auth });
    expect(live.status).toBe(200);
    const later = new Date(Date.now() + 3 * 3600_000).toISOString();
    expect(await deleteExpiredSessions(h.db.db, later)).toBeGreaterThanOrEqual(1);
    expect((await call(h, "GET", "/api/v1/clusters", { headers: clinic.auth })).status).toBe(401);
  });

  it("deletes sessions idle longer than the idle limit, and keeps one in use", async () => {
    const h = await harness();
    const idle = await createClinic(h, "kaltara");
    const busy = await createClinic(h, "kaltim");
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    await h.db.db.updateTable("sessions").set({ last_seen_at: hourAgo }).where("user_id", "=", idle.user.id).execute();
    expect(await deleteExpiredSessions(h.db.db, undefined, 30)).toBe(1);
    expect((await call(h, "GET", "/api/v1/clusters", { headers: idle.auth })).status).toBe(401);
    expect((await call(h, "GET", "/api/v1/clusters", { headers: busy.auth })).status).toBe(200);
  });

  it("logs out through the API: the token stops working at once", async () => {
    const h = await harness();
    const clinic = await createClinic(h, "kalteng");
    expect((await call(h, "POST", "/api/v1/auth/logout", { headers: clinic.auth })).status).toBe(200);
    expect((await call(h, "GET", "/api/v1/clusters", { headers: clinic.auth })).status).toBe(401);
  });
});
