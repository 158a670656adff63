import { createHmac } from "node:crypto";
import { startClassifier } from "@klinik/worker-classifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness, waitFor } from "./support/harness.ts";

const CHAIN =
  "Info penting dari Kemenkes: vaksin campak yang dibagikan di puskesmas mengandung chip pelacak dan membuat anak mandul. " +
  "Jangan bawa anak anda imunisasi minggu ini. Media tidak berani memberitakan ini, viralkan sebelum dihapus!";
const VARIANTS = [
  CHAIN,
  // forward header, emojis, reordered sentences, changed wording
  "Diteruskan dari grup sebelah 🙏🙏 Jangan bawa anak anda imunisasi minggu ini!! Info penting dari Kemenkes: vaksin campak yang dibagikan di puskesmas mengandung chip pelacak dan membuat anak mandul. Media tidak berani memberitakan ini, viralkan sebelum dihapus!",
  "*PENTING* Info penting dari Kemenkes: vaksin campak yg dibagikan di puskesmas mengandung chip pelacak dan membuat anak2 mandul. Jangan bawa anak anda imunisasi minggu ini. Media tidak berani memberitakan ini, sebarkan sebelum dihapus! bit.ly/xyz",
];
const OTHER =
  "Lowongan kerja BUMN tanpa tes untuk lulusan SMA dengan gaji delapan juta rupiah, syaratnya cukup transfer biaya seragam ke rekening panitia lalu kirim bukti ke nomor WA.";

describe.each(DIALECTS)("claims: clusters, cross-clinic clarifications, public check, webhook on %s", (dialect) => {
  let h: Harness;
  let jatim: Awaited<ReturnType<typeof createClinic>>;
  let ntt: Awaited<ReturnType<typeof createClinic>>;

  const report = (slug: string, text: string) => call(h, "POST", `/api/v1/public/${slug}/reports`, { body: { text } });
  const clusters = async (auth: Record<string, string>) =>
    (await call(h, "GET", "/api/v1/clusters?limit=50", { headers: auth })).body.data;

  beforeAll(async () => {
    // This test sends more reports and checks in a few seconds than one person may (rate limits: test/api.test.ts).
    h = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "0" }, dialect);
    jatim = await createClinic(h, "jatim");
    ntt = await createClinic(h, "ntt");
    await startClassifier(h.config, h.logger, h.shutdown, { db: h.db });
  });
  afterAll(async () => h?.close());

  it("folds near-duplicate reports into one claim and keeps a different story apart", async () => {
    for (const v of VARIANTS) expect((await report("jatim", v)).status).toBe(202);
    expect((await report("jatim", OTHER)).status).toBe(202);
    const rows = await waitFor(async () => {
      const r = await clusters(jatim.auth);
      return r.reduce((n: number, c: { size: number }) => n + c.size, 0) === 4 && r;
    }, "four items clustered");
    expect(rows.map((c: { size: number }) => c.size).sort()).toEqual([1, 3]);
    const big = rows.find((c: { size: number }) => c.size === 3);
    expect(big.sources).toEqual(["Laporan publik"]);
    // The API filters like the queue page: free text over every member, score range.
    const search = await call(h, "GET", "/api/v1/clusters?q=LOWONGAN%20kerja", { headers: jatim.auth });
    expect(search.body.data.map((c: { size: number }) => c.size)).toEqual([1]);
    expect(search.body.data[0].excerpt).toContain("Lowongan kerja BUMN");
    const high = await call(h, "GET", `/api/v1/clusters?minScore=${big.score}`, { headers: jatim.auth });
    expect(high.body.data.map((c: { id: string }) => c.id)).toContain(big.id);
    expect((await call(h, "GET", "/api/v1/clusters?minScore=2", { headers: jatim.auth })).status).toBe(400);
    expect(big.reasons.length).toBeGreaterThan(0);
    const detail = await call(h, "GET", `/api/v1/clusters/${big.id}`, { headers: jatim.auth });
    expect(detail.status).toBe(200);
    expect(detail.body.members).toHaveLength(3);
    for (const m of detail.body.members) {
      expect(m.clusterId).toBe(big.id);
      expect(m.similarity).toBeGreaterThanOrEqual(0.5);
    }
    // Another clinic sees neither the list nor the cluster.
    expect(await clusters(ntt.auth)).toEqual([]);
    expect((await call(h, "GET", `/api/v1/clusters/${big.id}`, { headers: ntt.auth })).status).toBe(404);
    expect(
      (await call(h, "POST", `/api/v1/clusters/${big.id}/verdict`, { headers: ntt.auth, body: { verdict: "true" } }))
        .status,
    ).toBe(404);
  });

  it("never merges short texts, only suggests them", async () => {
    await report("ntt", "Vaksin campak mengandung chip, jangan imunisasi!");
    await waitFor(async () => (await clusters(ntt.auth)).length === 1, "first short text");
    await report("ntt", "vaksin campak mengandung chip jangan imunisasi");
    const rows = await waitFor(async () => {
      const r = await clusters(ntt.auth);
      return r.length === 2 && r;
    }, "second short text in its own cluster");
    const details = await Promise.all(
      rows.map((c: { id: string }) => call(h, "GET", `/api/v1/clusters/${c.id}`, { headers: ntt.auth })),
    );
    const suggested = details.flatMap((d) => d.body.suggestedClusters);
    expect(suggested).toHaveLength(1);
    expect(rows.map((c: { id: string }) => c.id)).toContain(suggested[0].id);
    expect(suggested[0].similarity).toBeGreaterThanOrEqual(0.3);
    // Clean up so the next test starts with NTT's queue empty.
    for (const c of rows)
      await call(h, "POST", `/api/v1/clusters/${c.id}/verdict`, { headers: ntt.auth, body: { verdict: "false" } });
  });

  it("applies a cluster verdict to every member, and a clarification answers other clinics at once", async () => {
    const big = (await clusters(jatim.auth)).find((c: { size: number }) => c.size === 3);
    const v = await call(h, "POST", `/api/v1/clusters/${big.id}/verdict`, {
      headers: jatim.auth,
      body: { verdict: "false", note: "Hoaks lama" },
    });
    expect(v).toMatchObject({ status: 201, body: { members: 3 } });
    const detail = await call(h, "GET", `/api/v1/clusters/${big.id}`, { headers: jatim.auth });
    expect(detail.body).toMatchObject({ status: "done", verdict: "false" });
    expect(detail.body.members.every((m: { status: string }) => m.status === "done")).toBe(true);

    // NTT already has this message in its queue before Jatim publishes.
    await report("ntt", VARIANTS[1] ?? "");
    const before = await waitFor(async () => {
      const r = await call(h, "GET", "/api/v1/items?limit=50", { headers: ntt.auth });
      return r.body.data?.find((i: { text: string }) => i.text === VARIANTS[1]);
    }, "NTT's earlier copy scored");
    expect(before.matchedClarifications).toEqual([]);

    const draft = await call(h, "POST", "/api/v1/clarifications", {
      headers: jatim.auth,
      body: {
        title: "[HOAKS] Vaksin campak berisi chip",
        body: "Kemenkes tidak pernah menyatakan hal itu. Vaksin campak aman.",
        verdict: "false",
        itemIds: [big.representativeItemId],
      },
    });
    await call(h, "POST", `/api/v1/clarifications/${draft.body.id}/publish`, { headers: jatim.auth });

    // Publishing marks the copy NTT already had, without new work in NTT.
    const marked = await waitFor(async () => {
      const r = await call(h, "GET", `/api/v1/items/${before.id}`, { headers: ntt.auth });
      return r.body.matchedClarifications?.length > 0 && r.body;
    }, "NTT's earlier copy marked with Jatim's clarification");
    expect(marked.matchedClarifications[0]).toMatchObject({ id: draft.body.id, clinic: { slug: "jatim" } });

    // A citizen in NTT checks before forwarding: Jatim's clarification answers.
    const check = await call(h, "POST", "/api/v1/public/ntt/check", { body: { text: VARIANTS[1] } });
    expect(check.status).toBe(200);
    expect(check.body.data[0]).toMatchObject({ id: draft.body.id, clinic: { slug: "jatim" }, tier: "confirmed" });
    const none = await call(h, "POST", "/api/v1/public/ntt/check", { body: { text: OTHER } });
    expect(none.body.data.filter((m: { tier: string }) => m.tier === "confirmed")).toEqual([]);

    // The same message reported in NTT arrives already marked with Jatim's clarification.
    await report("ntt", VARIANTS[2] ?? "");
    const nttItem = await waitFor(async () => {
      const r = await call(h, "GET", "/api/v1/items?limit=10", { headers: ntt.auth });
      return r.body.data?.find((i: { text: string }) => i.text === VARIANTS[2]);
    }, "NTT item scored");
    expect(nttItem.matchedClarifications).toHaveLength(1);
    expect(nttItem.matchedClarifications[0]).toMatchObject({
      id: draft.body.id,
      clinic: { slug: "jatim", name: "Klinik jatim" },
      url: `/k/jatim/klarifikasi/${draft.body.id}`,
    });
    // ...but NTT still cannot open Jatim's items or drafts.
    expect((await call(h, "GET", `/api/v1/clarifications/${draft.body.id}`, { headers: ntt.auth })).status).toBe(404);

    // A new copy in Jatim joins the decided claim and is closed with it.
    await report("jatim", `${CHAIN} Tolong sebarkan.`);
    await waitFor(
      async () => (await call(h, "GET", `/api/v1/clusters/${big.id}`, { headers: jatim.auth })).body.size === 4,
      "fourth member",
    );
    const after = await call(h, "GET", `/api/v1/clusters/${big.id}`, { headers: jatim.auth });
    expect(after.body.members.every((m: { status: string }) => m.status === "done")).toBe(true);
  });

  it("takes signed posts on a webhook source and rejects bad signatures", async () => {
    const created = await call(h, "POST", "/api/v1/sources", {
      headers: jatim.auth,
      body: { kind: "webhook", name: "Tipline WA" },
    });
    expect(created.status).toBe(201);
    const { id, secret, url } = created.body;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{30,}$/);
    expect(url).toBe(`/api/v1/ingest/jatim/webhook/${id}`);
    const listed = await call(h, "GET", "/api/v1/sources", { headers: jatim.auth });
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const body = JSON.stringify({
      items: [
        { id: "wa-1", text: OTHER.replace("BUMN", "Pertamina") },
        { id: "wa-2", text: "Apakah benar ada pemadaman listrik total tiga hari di seluruh Jawa mulai besok malam?" },
      ],
    });
    const sign = (b: string, s = secret) => `sha256=${createHmac("sha256", s).update(b).digest("hex")}`;
    const post = (b: string, sig?: string) =>
      h.app.request(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(sig ? { "x-klinik-signature": sig } : {}) },
        body: b,
      });

    expect((await post(body)).status).toBe(401);
    expect((await post(body, sign(body, "salah"))).status).toBe(401);
    expect((await post(body.replace("wa-2", "wa-3"), sign(body))).status).toBe(401);
    const ok = await post(body, sign(body));
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ accepted: 2, added: 2 });
    // A retried delivery adds nothing.
    expect(await (await post(body, sign(body))).json()).toEqual({ accepted: 2, added: 0 });
    const badJson = "{oops";
    expect((await post(badJson, sign(badJson))).status).toBe(400);
    // Another clinic's path answers exactly like a bad signature: nothing tells which part was wrong.
    const elsewhere = await h.app.request(url.replace("jatim", "ntt"), {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-klinik-signature": sign(body) },
    });
    expect(elsewhere.status).toBe(401);
    expect(await elsewhere.json()).toEqual(await (await post(body, sign(body, "salah"))).json());

    // Pause: deliveries are refused with the reason; resume takes them again.
    expect((await call(h, "POST", `/api/v1/sources/${id}/pause`, { headers: ntt.auth })).status).toBe(404);
    const paused = await call(h, "POST", `/api/v1/sources/${id}/pause`, { headers: jatim.auth });
    expect(paused.body).toMatchObject({ enabled: false, pausedReason: "Dijeda oleh admin jatim" });
    const refused = await post(body, sign(body));
    expect(refused.status).toBe(409);
    // The sender learns the source is paused, not who paused it.
    expect(JSON.stringify(await refused.json())).not.toContain("admin jatim");
    const resumed = await call(h, "POST", `/api/v1/sources/${id}/resume`, { headers: jatim.auth });
    expect(resumed.body).toMatchObject({ enabled: true, pausedReason: null, itemsAdded: 2 });

    await waitFor(async () => {
      const r = await call(h, "GET", "/api/v1/items?limit=50", { headers: jatim.auth });
      return (
        r.body.data.filter((i: { source: { name: string } | null }) => i.source?.name === "Tipline WA").length === 2
      );
    }, "webhook items scored");
  });
});
