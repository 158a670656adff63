import { forClinic } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";

const RECEIVER = "http://127.0.0.1:9/kabar";

for (const dialect of DIALECTS) {
  describe(`partner webhooks API on ${dialect}`, () => {
    let h: Harness;
    let home: Awaited<ReturnType<typeof createClinic>>;
    let other: Awaited<ReturnType<typeof createClinic>>;
    let analyst: Awaited<ReturnType<typeof createClinic>>;
    let id = "";

    beforeAll(async () => {
      h = await createHarness({ WEBHOOK_ALLOW_URLS: RECEIVER }, dialect);
      home = await createClinic(h, "jambi", "admin");
      other = await createClinic(h, "riau", "admin");
      analyst = await createClinic(h, "bengkulu", "analyst");
    });
    afterAll(async () => h?.close());

    it("creates a subscription with its secret shown once, lists it without the secret, and audits it", async () => {
      const r = await call(h, "POST", "/api/v1/webhooks", {
        body: { url: "https://mitra.example/kabar", description: "Mitra cek fakta" },
        headers: home.auth,
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        url: "https://mitra.example/kabar",
        description: "Mitra cek fakta",
        active: true,
      });
      expect(r.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
      id = r.body.id;
      const listed = await call(h, "GET", "/api/v1/webhooks", { headers: home.auth });
      expect(listed.body.data.map((s: { id: string }) => s.id)).toEqual([id]);
      expect(JSON.stringify(listed.body)).not.toContain(r.body.secret);
      expect((await call(h, "GET", "/api/v1/webhooks", { headers: other.auth })).body.data).toEqual([]);
      const trail = await forClinic(h.db.db, home.tenant.id).listAuditFor({ type: "webhook", id });
      expect(trail.map((e) => e.action)).toContain("webhook.create");
    });

    it("refuses a plain-http or malformed URL with a clear 400, but takes the allow-listed receiver", async () => {
      for (const url of ["http://mitra.example/kabar", "bukan url", "https://u:p@mitra.example/"]) {
        const r = await call(h, "POST", "/api/v1/webhooks", { body: { url }, headers: home.auth });
        expect(r.status).toBe(400);
        expect(r.body.error.message).toMatch(/url/i);
      }
      const ok = await call(h, "POST", "/api/v1/webhooks", { body: { url: RECEIVER }, headers: home.auth });
      expect(ok.status).toBe(201);
      expect(ok.body.description).toBe("127.0.0.1");
    });

    it("another clinic's subscription is 404 for disable and the log; an analyst is refused", async () => {
      expect((await call(h, "POST", `/api/v1/webhooks/${id}/disable`, { headers: other.auth })).status).toBe(404);
      expect((await call(h, "GET", `/api/v1/webhooks/${id}/deliveries`, { headers: other.auth })).status).toBe(404);
      expect((await call(h, "GET", "/api/v1/webhooks", { headers: analyst.auth })).status).toBe(403);
    });

    it("disables a subscription (audited once) and shows its delivery log", async () => {
      const r = await call(h, "POST", `/api/v1/webhooks/${id}/disable`, { headers: home.auth });
      expect(r.status).toBe(200);
      expect(r.body.active).toBe(false);
      await call(h, "POST", `/api/v1/webhooks/${id}/disable`, { headers: home.auth });
      const trail = await forClinic(h.db.db, home.tenant.id).listAuditFor({ type: "webhook", id });
      expect(trail.filter((e) => e.action === "webhook.disable")).toHaveLength(1);
      const log = await call(h, "GET", `/api/v1/webhooks/${id}/deliveries`, { headers: home.auth });
      expect(log.status).toBe(200);
      expect(log.body.data).toEqual([]);
    });
  });
}
