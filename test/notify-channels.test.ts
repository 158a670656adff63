import type { Scorer } from "@klinik/core";
import { createUser, forClinic, forClinicNotifications, nowIso } from "@klinik/db";
import { createDigestProcessor } from "@klinik/notify";
import { startClassifier } from "@klinik/worker-classifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, type Harness, waitFor } from "./support/harness.ts";
import { smtpSink } from "./support/smtp-sink.ts";
import { telegramFake } from "./support/telegram-fake.ts";
import { postForm, seedClaim, uiSession } from "./ui/support.ts";

const BOT = "123456789:AAHk-uji_token_bot_klinik_hoaks_0000";
const scorer: Scorer = {
  version: "uji-saluran",
  score: ({ text }) => ({ score: text.includes("hoaks") ? 0.95 : 0.3, reasons: [] }),
};

/**
 * The channels a clinic turns on beside the browser, against local fakes:
 * Telegram (a loopback server speaking sendMessage) and SMTP (the sink).
 */
describe("Telegram and the email digest", () => {
  let h: Harness;
  let telegram: Awaited<ReturnType<typeof telegramFake>>;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let clinic: Awaited<ReturnType<typeof createClinic>>;
  let other: Awaited<ReturnType<typeof createClinic>>;

  beforeAll(async () => {
    telegram = await telegramFake({ token: BOT, refuse: ["666"] });
    sink = await smtpSink();
    h = await createHarness({
      TELEGRAM_API_URL: telegram.url,
      SMTP_URL: sink.url,
      PUBLIC_BASE_URL: "https://klinik.contoh.test",
    });
    clinic = await createClinic(h, "kab-sleman", "admin");
    other = await createClinic(h, "kab-bantul", "admin");
    await startClassifier(h.config, h.logger, h.shutdown, { db: h.db, scorer });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await telegram?.close();
    await sink?.close();
  });

  it("lets the clinic's admin set its bot (never shown again, nor audited), offered to its people only", async () => {
    const ui = await uiSession(h, "admin@kab-sleman.test");
    const bad = await postForm(h, "/pengaturan/notifikasi", ui.cookie, { _csrf: ui.csrf, token_bot: "bukan token" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Token bot tidak dikenali");
    const ok = await postForm(h, "/pengaturan/notifikasi", ui.cookie, {
      _csrf: ui.csrf,
      token_bot: BOT,
      ringkasan: "1",
    });
    expect(ok.status).toBe(303);
    const page = await (await h.app.request("/pengaturan/notifikasi", { headers: { cookie: ui.cookie } })).text();
    expect(page).not.toContain(BOT);
    expect(page).toContain("Token tersimpan");
    const api = await call(h, "GET", "/api/v1/notification-channels", { headers: clinic.auth });
    expect(api.body).toEqual({ telegram: true, emailDigest: true });
    expect(
      JSON.stringify(await forClinic(h.db.db, clinic.tenant.id).listAuditFor({ type: "clinic", id: clinic.tenant.id })),
    ).not.toContain(BOT);
    // The other clinic has no bot: its people are offered no Telegram.
    const theirs = await call(h, "GET", "/api/v1/auth/notifications", { headers: other.auth });
    expect(theirs.body.clinic).toEqual({ telegram: false, emailDigest: false });
  });

  it("messages each person who asked, on the clinic's bot, when the classifier starts a high-scoring claim", async () => {
    const people = [
      ["rina@kab-sleman.test", "1001", 0.8],
      ["budi@kab-sleman.test", "1002", 0.99],
      ["blokir@kab-sleman.test", "666", 0.6],
    ] as const;
    for (const [email, chat, min] of people) {
      const u = await createUser(h.db.db, {
        tenantId: clinic.tenant.id,
        email,
        name: email,
        password: "kata-sandi-uji",
        role: "analyst",
      });
      await forClinicNotifications(h.db.db, clinic.tenant.id).saveNotificationPrefs(u.id, {
        enabled: 1,
        min_score: min,
        assigned: 1,
        telegram_chat_id: chat,
        email_digest: 0,
      });
    }
    // Bantul's analyst asked too, with the same chat id: Sleman's claims are not theirs.
    const b = await createUser(h.db.db, {
      tenantId: other.tenant.id,
      email: "x@kab-bantul.test",
      name: "X",
      password: "kata-sandi-uji",
      role: "analyst",
    });
    await forClinicNotifications(h.db.db, other.tenant.id).saveNotificationPrefs(b.id, {
      enabled: 1,
      min_score: 0.5,
      assigned: 1,
      telegram_chat_id: "2002",
      email_digest: 0,
    });
    for (const text of ["Info jadwal posyandu bulan ini", "Ini hoaks: beras plastik beredar di pasar Sleman!"]) {
      expect((await call(h, "POST", "/api/v1/public/kab-sleman/reports", { body: { text } })).status).toBe(202);
    }
    await waitFor(async () => telegram.sent.length >= 1, "a Telegram message");
    await new Promise((r) => setTimeout(r, 500));
    // Rina (from 80) is told; Budi (from 99) is not; the chat that blocked the bot refuses, and is not retried.
    expect(telegram.sent.map((m) => m.chat_id)).toEqual(["1001"]);
    const [msg] = telegram.sent;
    expect(msg?.token).toBe(BOT);
    expect(msg?.text).toContain("Klaim baru, skor 95 · New claim, score 95");
    expect(msg?.text).toContain("beras plastik");
    expect(msg?.text).toMatch(/https:\/\/klinik\.contoh\.test\/klaster\/[\w-]+/);
  });

  it("mails a digest of new claims above each person's score since their last one, once", async () => {
    const u = await createUser(h.db.db, {
      tenantId: clinic.tenant.id,
      email: "sari@kab-sleman.test",
      name: "Sari",
      password: "kata-sandi-uji",
      role: "analyst",
    });
    await forClinicNotifications(h.db.db, clinic.tenant.id).saveNotificationPrefs(u.id, {
      enabled: 1,
      min_score: 0.7,
      assigned: 1,
      telegram_chat_id: null,
      email_digest: 1,
    });
    await seedClaim(h, clinic.tenant.id, {
      text: "Pesan berantai: bantuan tunai Rp3 juta, daftar lewat tautan ini",
      score: 0.91,
    });
    await seedClaim(h, clinic.tenant.id, { text: "Jadwal vaksinasi anak di puskesmas", score: 0.4 });
    await seedClaim(h, other.tenant.id, { text: "Klaim milik Bantul", score: 0.99 });
    const digest = createDigestProcessor({
      db: h.db.db,
      queues: h.queues,
      smtpUrl: sink.url,
      smtpFrom: "Klinik Hoaks <uji@contoh.test>",
      publicBaseUrl: "https://klinik.contoh.test",
      logger: h.logger,
    });
    const before = sink.mails.length;
    expect(await digest({ tenantId: clinic.tenant.id })).toEqual({ sent: 1 });
    const mail = sink.mails.slice(before);
    expect(mail.map((m) => m.to)).toEqual([["<sari@kab-sleman.test>"]]);
    const text = mail[0]?.data ?? "";
    expect(text).toContain("bantuan tunai Rp3 juta");
    expect(text).not.toContain("Jadwal vaksinasi");
    expect(text).not.toContain("Klaim milik Bantul");
    // The same claims are never mailed twice.
    expect(await digest({ tenantId: clinic.tenant.id })).toEqual({ sent: 0 });
    // The schedule visits the clinics that send digests.
    expect(await h.queues["notify-digest"].getJobScheduler("notify-digest")).toBeTruthy();
    const at = nowIso();
    await digest({});
    const jobs = await h.queues["notify-digest"].getJobs(["waiting", "active", "completed", "delayed"]);
    expect(jobs.some((j) => j.data.tenantId === clinic.tenant.id && j.timestamp >= Date.parse(at) - 1000)).toBe(true);
    expect(jobs.some((j) => j.data.tenantId === other.tenant.id)).toBe(false);
  });
});
