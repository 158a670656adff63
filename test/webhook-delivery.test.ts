import { forClinic } from "@klinik/db";
import { verifyWebhook } from "@klinik/feeds";
import { catalog } from "@klinik/queue";
import {
  createDeliverWebhookProcessor,
  RetryDelivery,
  requeueStrandedDeliveries,
  startIngest,
} from "@klinik/worker-ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness, waitFor } from "./support/harness.ts";
import { webhookReceiver } from "./support/webhook-receiver.ts";

/**
 * Partner webhook delivery (issue 13 part 6): the ingest worker posts each event, signed,
 * to a real receiver on loopback; every attempt is in the admin's log; failures that may
 * pass are retried by BullMQ with backoff, the others are not; 410 and too many failures
 * in a row turn the subscription off; a copy of a job never delivers twice.
 */

const TIMEOUT_MS = 1_500;
const HOAX = "Pesan berantai: mulai besok WhatsApp berbayar lima ribu rupiah per bulan kecuali diteruskan.";

for (const dialect of DIALECTS) {
  describe(`partner webhook delivery on ${dialect}`, () => {
    let h: Harness;
    let rx: Awaited<ReturnType<typeof webhookReceiver>>;

    beforeAll(async () => {
      rx = await webhookReceiver({
        "/ok": () => 200,
        "/ok2": () => 204,
        "/flaky": (n) => (n <= 2 ? 503 : 200),
        "/gone": () => 410,
        "/bad": () => 400,
        "/slow": () => null,
        "/dup": () => 200,
        "/lost": () => 200,
      });
      const urls = ["/ok", "/ok2", "/flaky", "/gone", "/bad", "/slow", "/dup", "/lost"].map(rx.url).join(",");
      h = await createHarness({ WEBHOOK_ALLOW_URLS: urls, WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS) }, dialect);
      await startIngest(h.config, h.logger, h.shutdown, { db: h.db, syncEveryMs: 60_000 });
    });
    afterAll(async () => {
      await rx?.close();
      await h?.close();
    });

    type Clinic = Awaited<ReturnType<typeof createClinic>>;
    const subscribe = async (clinic: Clinic, path: string, description?: string) => {
      const r = await call(h, "POST", "/api/v1/webhooks", {
        body: { url: rx.url(path), ...(description ? { description } : {}) },
        headers: clinic.auth,
      });
      expect(r.status).toBe(201);
      return r.body as { id: string; secret: string };
    };
    const publish = async (clinic: Clinic, title: string) => {
      const d = await call(h, "POST", "/api/v1/clarifications", {
        body: { title, body: `Hoaks. ${HOAX}`, verdict: "false" },
        headers: clinic.auth,
      });
      expect(d.status).toBe(201);
      expect(
        (await call(h, "POST", `/api/v1/clarifications/${d.body.id}/publish`, { headers: clinic.auth })).status,
      ).toBe(200);
      return d.body.id as string;
    };
    const log = async (clinic: Clinic, subId: string) => {
      const r = await call(h, "GET", `/api/v1/webhooks/${subId}/deliveries`, { headers: clinic.auth });
      expect(r.status).toBe(200);
      return r.body.data as any[];
    };
    const subscription = async (clinic: Clinic, subId: string) =>
      (await call(h, "GET", "/api/v1/webhooks", { headers: clinic.auth })).body.data.find(
        (s: { id: string }) => s.id === subId,
      );

    it("a publication through the API reaches the receiver signed with the shown secret; corrections and withdrawals too", async () => {
      const clinic = await createClinic(h, `wh-ok-${dialect}`);
      const sub = await subscribe(clinic, "/ok", "Mitra\u0000 redaksi");
      const id = await publish(clinic, "[HOAKS] WhatsApp berbayar");
      const got = await waitFor(async () => rx.to("/ok")[0], "the publication at the receiver", 10_000);
      const sig = String(got.headers["x-klinik-signature"]);
      expect(verifyWebhook(sub.secret, got.body, sig)).toBe(true);
      expect(verifyWebhook("whsec_another", got.body, sig)).toBe(false);
      const payload = JSON.parse(got.body);
      expect(payload).toMatchObject({
        event: "clarification.published",
        clinic: { slug: clinic.tenant.slug },
        clarification: { id, title: "[HOAKS] WhatsApp berbayar", verdict: "false", status: "published" },
      });
      expect(got.headers["x-klinik-event"]).toBe("clarification.published");
      expect(got.headers["x-klinik-delivery"]).toBe(payload.id);

      const entries = await waitFor(async () => {
        const l = await log(clinic, sub.id);
        return l[0]?.status === "delivered" && l;
      }, "the delivered row");
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ id: payload.id, attempts: 1, responseCode: 200, nextRetryAt: null });
      expect(entries[0].attemptLog).toMatchObject([{ attempt: 1, responseCode: 200, error: null, nextRetryAt: null }]);
      expect((await subscription(clinic, sub.id)).description).toBe("Mitra redaksi");

      const fix = await call(h, "PATCH", `/api/v1/clarifications/${id}`, {
        body: { verdict: "misleading", correction: "Putusan diperbaiki" },
        headers: clinic.auth,
      });
      expect(fix.status).toBe(200);
      const wd = await call(h, "POST", `/api/v1/clarifications/${id}/withdraw`, {
        body: { reason: "Sumber ditarik" },
        headers: clinic.auth,
      });
      expect(wd.status).toBe(200);
      await waitFor(async () => rx.to("/ok").length >= 3, "the correction and the withdrawal", 10_000);
      const events = rx.to("/ok").map((r) => JSON.parse(r.body));
      expect(events.map((e) => e.event).sort()).toEqual([
        "clarification.published",
        "clarification.updated",
        "clarification.withdrawn",
      ]);
      const withdrawn = events.find((e) => e.event === "clarification.withdrawn");
      expect(withdrawn.clarification.withdrawn).toMatchObject({ reason: "Sumber ditarik" });
      expect(withdrawn.clarification).toMatchObject({ status: "withdrawn", body: null });
      expect(events.find((e) => e.event === "clarification.published").clarification.body).toContain("Hoaks.");
      const updated = events.find((e) => e.event === "clarification.updated");
      expect(updated.clarification.corrections[0]).toMatchObject({ note: "Putusan diperbaiki" });
    });

    it("a receiver that fails twice then answers gets three attempts: one delivered row, all three in its log", async () => {
      const clinic = await createClinic(h, `wh-flaky-${dialect}`);
      const sub = await subscribe(clinic, "/flaky");
      await publish(clinic, "[HOAKS] Tiga kali");
      const entries = await waitFor(
        async () => {
          const l = await log(clinic, sub.id);
          return l[0]?.status === "delivered" && l;
        },
        "delivery after two failures",
        40_000,
      );
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ status: "delivered", attempts: 3, responseCode: 200, nextRetryAt: null });
      const attempts = entries[0].attemptLog;
      expect(attempts.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2, 3]);
      expect(attempts.map((a: { responseCode: number }) => a.responseCode)).toEqual([503, 503, 200]);
      expect(attempts[0].error).toMatch(/^http_error: .*503/);
      expect(attempts[0].nextRetryAt).not.toBeNull();
      expect(attempts[1].nextRetryAt).not.toBeNull();
      // Exponential: the second wait is twice the first.
      const wait = (a: { at: string; nextRetryAt: string }) => Date.parse(a.nextRetryAt) - Date.parse(a.at);
      expect(wait(attempts[1]) / wait(attempts[0])).toBeGreaterThan(1.8);
      const posts = rx.to("/flaky");
      expect(posts).toHaveLength(3);
      expect(new Set(posts.map((p) => p.headers["x-klinik-delivery"])).size).toBe(1);
      expect(posts.map((p) => p.headers["x-klinik-attempt"])).toEqual(["1", "2", "3"]);
      expect((await subscription(clinic, sub.id)).consecutiveFailures).toBe(0);
    });

    it("410 Gone turns the subscription off with the reason; a 400 is not retried and leaves it on", async () => {
      const clinic = await createClinic(h, `wh-gone-${dialect}`);
      const gone = await subscribe(clinic, "/gone");
      const bad = await subscribe(clinic, "/bad");
      await publish(clinic, "[HOAKS] Pergi");
      for (const s of [gone, bad]) {
        const l = await waitFor(async () => {
          const x = await log(clinic, s.id);
          return x[0]?.status === "failed" && x;
        }, "a failed delivery");
        expect(l[0]).toMatchObject({ attempts: 1 });
        expect(l[0].attemptLog).toHaveLength(1);
        expect(l[0].attemptLog[0].nextRetryAt).toBeNull();
      }
      expect(await subscription(clinic, gone.id)).toMatchObject({
        active: false,
        disabledReason: expect.stringMatching(/^gone: .*410/),
      });
      expect(await subscription(clinic, bad.id)).toMatchObject({
        active: true,
        disabledReason: null,
        consecutiveFailures: 1,
      });
      await publish(clinic, "[HOAKS] Sesudahnya");
      await waitFor(async () => rx.to("/bad").length === 2, "the next event at the subscription still on");
      await new Promise((r) => setTimeout(r, 300));
      expect(rx.to("/gone")).toHaveLength(1);
      expect(await log(clinic, gone.id)).toHaveLength(1);
    });

    it("a receiver that never answers times out and does not hold up another partner's delivery", async () => {
      const clinic = await createClinic(h, `wh-slow-${dialect}`);
      const slow = await subscribe(clinic, "/slow");
      const quick = await subscribe(clinic, "/ok2");
      await publish(clinic, "[HOAKS] Lambat");
      const quickLog = await waitFor(async () => {
        const x = await log(clinic, quick.id);
        return x[0]?.status === "delivered" && x;
      }, "the quick partner's delivery");
      expect(quickLog[0].responseCode).toBe(204);
      // The slow receiver has the post but has not answered: its first attempt is still running.
      expect(rx.to("/slow")).toHaveLength(1);
      expect((await log(clinic, slow.id))[0]).toMatchObject({ status: "pending", attempts: 0 });
      const timedOut = await waitFor(async () => {
        const x = await log(clinic, slow.id);
        return x[0]?.attempts === 1 && x[0];
      }, "the slow attempt timing out");
      expect(timedOut).toMatchObject({ status: "pending", responseCode: null });
      expect(timedOut.lastError).toMatch(/^timeout: /);
      expect(timedOut.attemptLog[0].durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(timedOut.attemptLog[0].durationMs).toBeLessThan(TIMEOUT_MS + 5_000);
      expect(timedOut.nextRetryAt).not.toBeNull();
      // Turned off meanwhile: the retry ends it without posting again.
      await call(h, "POST", `/api/v1/webhooks/${slow.id}/disable`, { headers: clinic.auth });
    });

    it("a delivery whose job was lost (announced while Redis was down) is swept and posted; retries due and leased ones are left", async () => {
      const clinic = await createClinic(h, `wh-lost-${dialect}`);
      const db = forClinic(h.db.db, clinic.tenant.id);
      await subscribe(clinic, "/lost");
      const c = await call(h, "POST", "/api/v1/clarifications", {
        body: { title: "Draf", body: HOAX, verdict: "false" },
        headers: clinic.auth,
      });
      // Rows without jobs, as announce leaves them when the enqueue fails, last touched 10 minutes ago.
      const make = async () =>
        (await db.webhooks.createDeliveries({ event: "clarification.published", clarificationId: c.body.id }))[0]?.id ??
        "";
      const [lost, retrying, leased] = [await make(), await make(), await make()];
      const ago = (ms: number) => new Date(Date.now() + ms).toISOString();
      const set = (id: string, v: { updated_at: string; next_retry_at?: string; lease_until?: string }) =>
        h.db.db.updateTable("webhook_deliveries").set(v).where("id", "=", id).execute();
      await set(lost, { updated_at: ago(-600_000) });
      await set(retrying, { updated_at: ago(-600_000), next_retry_at: ago(120_000) });
      await set(leased, { updated_at: ago(-600_000), lease_until: ago(120_000) });

      const deps = { db: h.db.db, queues: h.queues, redis: h.redis, prefix: h.config.QUEUE_PREFIX, logger: h.logger };
      const opts = { olderThanMs: 300_000, everyMs: 60_000 };
      // The running worker's tick may hold this minute's lease; either sweep must post the lost one.
      await h.redis.del(`${h.config.QUEUE_PREFIX}:webhook-sweep:lease`);
      await requeueStrandedDeliveries(deps, opts);
      const got = await waitFor(async () => rx.to("/lost")[0], "the lost delivery at the receiver", 10_000);
      expect(got.headers["x-klinik-delivery"]).toBe(lost);
      // One sweep per minute over all processes: the next call within it sweeps nothing.
      expect(await requeueStrandedDeliveries(deps, opts)).toBe(0);
      await waitFor(async () => (await db.webhooks.getDelivery(lost))?.status === "delivered", "the delivered row");
      expect(rx.to("/lost")).toHaveLength(1);
      for (const id of [retrying, leased]) {
        expect(await db.webhooks.getDelivery(id)).toMatchObject({ status: "pending", attempts: 0 });
      }
    });

    it("copies of one job deliver once; failures in a row past the limit turn the subscription off", async () => {
      const clinic = await createClinic(h, `wh-dup-${dialect}`);
      const db = forClinic(h.db.db, clinic.tenant.id);
      const dup = await subscribe(clinic, "/dup");
      const c = await call(h, "POST", "/api/v1/clarifications", {
        body: { title: "Draf", body: HOAX, verdict: "false" },
        headers: clinic.auth,
      });
      // Deliveries made here, not through announce: no job is queued, the test runs the processor itself.
      const [delivery] = await db.webhooks.createDeliveries({
        event: "clarification.published",
        clarificationId: c.body.id,
      });
      const job = { opts: catalog["deliver-webhook"].options, attemptsMade: 0 };
      const processor = createDeliverWebhookProcessor({
        db: h.db.db,
        logger: h.logger,
        postOptions: { allowPrivate: true, timeoutMs: TIMEOUT_MS },
        disableAfter: 2,
      });
      const p = { tenantId: clinic.tenant.id, deliveryId: delivery?.id ?? "" };
      const both = await Promise.allSettled([processor(p, job), processor(p, job)]);
      const delivered = both.filter((r) => r.status === "fulfilled" && r.value.kind === "delivered");
      expect(delivered).toHaveLength(1);
      const other = both.find((r) => !(r.status === "fulfilled" && r.value.kind === "delivered"));
      if (other?.status === "rejected") expect(other.reason).toBeInstanceOf(RetryDelivery);
      else expect(other?.value).toEqual({ kind: "skipped", reason: "ended" });
      expect(await processor(p, { ...job, attemptsMade: 1 })).toEqual({ kind: "skipped", reason: "ended" });
      expect(rx.to("/dup")).toHaveLength(1);
      const l = await log(clinic, dup.id);
      expect(l.filter((d) => d.status === "delivered")).toHaveLength(1);
      expect(l[0].attemptLog).toHaveLength(1);

      await call(h, "POST", `/api/v1/webhooks/${dup.id}/disable`, { headers: clinic.auth });
      const bad = await subscribe(clinic, "/bad");
      for (let i = 0; i < 2; i++) {
        const [d] = await db.webhooks.createDeliveries({ event: "clarification.updated", clarificationId: c.body.id });
        const out = await processor({ tenantId: clinic.tenant.id, deliveryId: d?.id ?? "" }, job);
        expect(out).toMatchObject({ kind: "failed", disabled: i === 1 });
      }
      expect(await subscription(clinic, bad.id)).toMatchObject({
        active: false,
        consecutiveFailures: 2,
        disabledReason: expect.stringMatching(/^failing: 2 /),
      });
    });
  });
}
