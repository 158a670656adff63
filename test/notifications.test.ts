import { createApp, NotifyHub } from "@klinik/api";
import { createSession, createUser, forClinic } from "@klinik/db";
import { announceNewClaims, notifyAssigned } from "@klinik/notify";
import { ClassifyBatcher } from "@klinik/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { sseReader } from "./support/sse.ts";
import { seedClaim, uiSession } from "./ui/support.ts";

/**
 * Browser notifications over server-sent events: the classifier's announcement
 * (Redis pub/sub) reaches the streams of the people of that clinic who asked,
 * and nobody else; streams beat, end with the session, and are limited per person.
 */
describe.each(DIALECTS)("notifications (%s)", (dialect) => {
  let h: Harness;
  let app: ReturnType<typeof createApp>;
  let hub: NotifyHub;
  let aceh: Awaited<ReturnType<typeof createClinic>>;
  let bali: Awaited<ReturnType<typeof createClinic>>;
  let colleague: { id: string; auth: Record<string, string> };
  const announcer = () => ({ redis: h.redis, queues: h.queues, prefix: h.config.QUEUE_PREFIX });
  const on = { enabled: true, minScore: 0.8, assigned: true, telegramChatId: null, emailDigest: false };
  const stream = (auth: Record<string, string>, lang = "id") =>
    app.request(`/api/v1/notifications/stream?lang=${lang}`, { headers: auth });

  beforeAll(async () => {
    h = await createHarness({ NOTIFY_HEARTBEAT_SEC: "1", NOTIFY_STREAMS_PER_USER: "2" }, dialect);
    // An app with a hub of its own, closed by this test (the harness's app never streams).
    hub = new NotifyHub({ redis: h.redis, prefix: h.config.QUEUE_PREFIX, logger: h.logger });
    app = createApp({
      db: h.db.db,
      dialect: h.db.dialect,
      redis: h.redis,
      queues: h.queues,
      classifyBatcher: new ClassifyBatcher(h.queues),
      config: h.config,
      logger: h.logger,
      notifyHub: hub,
    });
    aceh = await createClinic(h, "aceh", "analyst");
    bali = await createClinic(h, "bali", "analyst");
    const u = await createUser(h.db.db, {
      tenantId: aceh.tenant.id,
      email: "rekan@aceh.test",
      name: "Rekan",
      password: "kata-sandi-uji",
      role: "analyst",
    });
    colleague = { id: u.id, auth: { authorization: `Bearer ${(await createSession(h.db.db, u, 1)).token}` } };
  });
  afterAll(async () => {
    await hub?.close();
    await h?.close();
  });

  it("keeps each person's choices, off until they opt in, and audits a change", async () => {
    const before = await call({ app }, "GET", "/api/v1/auth/notifications", { headers: aceh.auth });
    expect(before.body).toMatchObject({
      enabled: false,
      minScore: 0.8,
      clinic: { telegram: false, emailDigest: false },
    });
    const low = await call({ app }, "PUT", "/api/v1/auth/notifications", {
      headers: aceh.auth,
      body: { ...on, minScore: 0.2 },
    });
    expect([low.status, low.body.error.code]).toEqual([400, "invalid_request"]);
    expect(low.body.error.message).toContain("minScore");
    const saved = await call({ app }, "PUT", "/api/v1/auth/notifications", { headers: aceh.auth, body: on });
    expect([saved.status, saved.body.enabled, saved.body.minScore]).toEqual([200, true, 0.8]);
    const trail = await forClinic(h.db.db, aceh.tenant.id).listAuditFor({ type: "user", id: aceh.user.id });
    expect(trail.map((e) => e.action)).toContain("notify.prefs");
    // Another clinic's person has their own choices, still off.
    const theirs = await call({ app }, "GET", "/api/v1/auth/notifications", { headers: bali.auth });
    expect(theirs.body.enabled).toBe(false);
  });

  it("refuses a stream while notifications are off (409), and the UI answers 204 so EventSource stops", async () => {
    const res = await stream(bali.auth);
    expect(res.status).toBe(409);
    const ui = await uiSession(h, "analyst@bali.test");
    const page = await app.request("/notifikasi/aliran", {
      headers: { cookie: ui.cookie, accept: "text/event-stream" },
    });
    expect(page.status).toBe(204);
    const anonymous = await app.request("/notifikasi/aliran", { headers: { accept: "text/event-stream" } });
    expect(anonymous.status).toBe(401);
  });

  it("delivers a new high-scoring claim of the clinic, and nothing below the score or of another clinic", async () => {
    await call({ app }, "PUT", "/api/v1/auth/notifications", { headers: bali.auth, body: { ...on, minScore: 0.5 } });
    const res = await stream(aceh.auth, "en");
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "text/event-stream"]);
    const sse = sseReader(res);
    await sse.event("ready");
    const texts = (s: string) => ({ title: null, text: s });
    await announceNewClaims(announcer(), bali.tenant.id, [{ clusterId: "c-bali", score: 0.99, ...texts("Bali") }]);
    await announceNewClaims(announcer(), aceh.tenant.id, [
      { clusterId: "c-low", score: 0.6, ...texts("Rendah") },
      { clusterId: "c-high", score: 0.93, ...texts("Vaksin mengandung chip, sebarkan!") },
    ]);
    const notice = await sse.event("claim");
    expect(notice).toEqual({
      kind: "claim.new",
      clusterId: "c-high",
      title: "New claim, score 93",
      body: "Vaksin mengandung chip, sebarkan!",
      url: "/klaster/c-high",
    });
    // Nothing else came: the low claim and Bali's are not this person's.
    await expect(sse.event("claim", 1_500)).rejects.toThrow("no matching event");
    await sse.cancel();
  });

  it("tells only the assignee of an assignment, in the stream's language", async () => {
    await call({ app }, "PUT", "/api/v1/auth/notifications", { headers: colleague.auth, body: on });
    const mine = sseReader(await stream(aceh.auth));
    const theirs = sseReader(await stream(colleague.auth));
    await Promise.all([mine.event("ready"), theirs.event("ready")]);
    await notifyAssigned(announcer(), {
      tenantId: aceh.tenant.id,
      clusterId: "c-assigned",
      userId: colleague.id,
      byName: "Ketua Tim",
      title: "Banjir bandang",
      text: "…",
    });
    const notice = await theirs.event("claim");
    expect([notice.kind, notice.title, notice.body]).toEqual([
      "claim.assigned",
      "Ketua Tim menugaskan klaim kepada Anda",
      "Banjir bandang",
    ]);
    await expect(mine.event("claim", 1_000)).rejects.toThrow("no matching event");
    await Promise.all([mine.cancel(), theirs.cancel()]);
  });

  it("an assignment through the API tells the assignee, not the one who assigned it", async () => {
    const claim = await seedClaim(h, aceh.tenant.id, { text: "Jembatan ambruk diterjang banjir", score: 0.7 });
    await call({ app }, "PUT", "/api/v1/auth/notifications", { headers: colleague.auth, body: on });
    await call({ app }, "PUT", "/api/v1/auth/notifications", { headers: aceh.auth, body: on });
    const mine = sseReader(await stream(aceh.auth));
    const theirs = sseReader(await stream(colleague.auth));
    await Promise.all([mine.event("ready"), theirs.event("ready")]);
    const r = await call({ app }, "POST", `/api/v1/clusters/${claim.clusterId}/assign`, {
      headers: aceh.auth,
      body: { assignee: colleague.id },
    });
    expect(r.status).toBe(200);
    const notice = await theirs.event("claim");
    expect([notice.kind, notice.body]).toEqual(["claim.assigned", "Jembatan ambruk diterjang banjir"]);
    await expect(mine.event("claim", 1_000)).rejects.toThrow("no matching event");
    // Taking a claim oneself tells nobody.
    await call({ app }, "POST", `/api/v1/clusters/${claim.clusterId}/assign`, {
      headers: colleague.auth,
      body: { assignee: "me" },
    });
    await expect(theirs.event("claim", 1_000)).rejects.toThrow("no matching event");
    await Promise.all([mine.cancel(), theirs.cancel()]);
  });

  it("beats, holds at most NOTIFY_STREAMS_PER_USER streams per person, and ends with the session", async () => {
    const one = sseReader(await stream(colleague.auth));
    await one.next((b) => b === ": heartbeat", 3_000);
    const two = await stream(colleague.auth);
    expect(two.status).toBe(200);
    const three = await stream(colleague.auth);
    const refused = (await three.json()) as { error: { code: string } };
    expect([three.status, refused.error.code]).toEqual([429, "rate_limited"]);
    // A closed stream gives its place back.
    await sseReader(two).cancel();
    await new Promise((r) => setTimeout(r, 200));
    const again = await stream(colleague.auth);
    expect(again.status).toBe(200);
    await sseReader(again).cancel();
    // Signing out everywhere ends the open stream at its next heartbeat.
    expect((await call({ app }, "POST", "/api/v1/auth/sessions/end-all", { headers: colleague.auth })).status).toBe(
      200,
    );
    expect(await one.ended(3_000)).toBe(true);
  });
});
