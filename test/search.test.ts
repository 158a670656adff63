import { CLARIFIED_HOAXES } from "@klinik/search/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";

/**
 * The search through the API: the public check finds a retold hoax among every
 * clinic's published clarifications, a clinic's public search finds its own, the
 * analysts search their clinic's (drafts too); nothing else leaks.
 */

const hoax = (key: string) => {
  const h = CLARIFIED_HOAXES.find((x) => x.key === key);
  if (!h) throw new Error(key);
  return h;
};

describe.each(DIALECTS)("search through the API on %s", (dialect) => {
  let h: Harness;
  let jatim: Awaited<ReturnType<typeof createClinic>>;
  const ids = new Map<string, string>();

  const clarify = async (who: typeof jatim, title: string, body: string, publish = true) => {
    const draft = await call(h, "POST", "/api/v1/clarifications", {
      headers: who.auth,
      body: { title, body, verdict: "false" },
    });
    expect(draft.status).toBe(201);
    if (publish) {
      const r = await call(h, "POST", `/api/v1/clarifications/${draft.body.id}/publish`, { headers: who.auth });
      expect(r.status).toBe(200);
    }
    return draft.body.id as string;
  };

  beforeAll(async () => {
    h = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "0" }, dialect);
    jatim = await createClinic(h, "jatim");
    await createClinic(h, "ntt");
    for (const key of ["wa-berbayar", "culik-ambulans", "vaksin-chip", "beras-plastik", "gempa-jumat"]) {
      const x = hoax(key);
      // The claim as it circulated is part of what a clinic writes.
      ids.set(key, await clarify(jatim, x.title, `${x.body}\n\nYang beredar: ${x.claim}`));
    }
    ids.set("draft", await clarify(jatim, "Klarifikasi xilofon zebrakorn", "Belum terbit: xilofon zebrakorn.", false));
  });
  afterAll(async () => h?.close());

  const check = (slug: string, text: string) => call(h, "POST", `/api/v1/public/${slug}/check`, { body: { text } });

  it("answers a retold hoax from any clinic, best first, with id, title, verdict, url and score", async () => {
    const r = await check(
      "ntt",
      "katanya whatsapp mulai besok bayar 5 ribu per bulan kalau pesan tidak diteruskan ke 20 kontak",
    );
    expect(r.status).toBe(200);
    const id = ids.get("wa-berbayar");
    expect(r.body.data[0]).toMatchObject({
      id,
      title: hoax("wa-berbayar").title,
      verdict: "false",
      url: `/k/jatim/klarifikasi/${id}`,
      clinic: { slug: "jatim" },
    });
    expect(r.body.data[0].score).toBeGreaterThan(0.2);
    const scores = r.body.data.map((m: { score: number }) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((await check("ntt", "penculikan anak ambulans")).body.data[0]?.id).toBe(ids.get("culik-ambulans"));
  });

  it("answers nothing for an unrelated message, and never a draft", async () => {
    expect((await check("jatim", "jadwal posyandu balita bulan ini di balai desa")).body.data).toEqual([]);
    expect((await check("jatim", "xilofon zebrakorn")).body.data).toEqual([]);
    const q = await call(h, "GET", "/api/v1/public/jatim/clarifications?q=xilofon%20zebrakorn");
    expect(q.body.data).toEqual([]);
  });

  it("answers nothing for a message about something else that shares one word with a clarification", async () => {
    // Only "ambulans" is a word of any clarification here; the rest of the message is not found anywhere.
    for (const text of [
      "Jadwal donor darah di balai desa pindah ke Sabtu pagi, ambulans PMI siaga di lokasi",
      "katanya whatsapp grup RT dipakai buat arisan bulan depan",
    ]) {
      expect((await check("ntt", text)).body.data, text).toEqual([]);
    }
    // A keyword search still finds it.
    expect((await check("ntt", "ambulans")).body.data[0]?.id).toBe(ids.get("culik-ambulans"));
  });

  it("searches one clinic's published clarifications with ?q=, best first with scores", async () => {
    const r = await call(h, "GET", `/api/v1/public/jatim/clarifications?q=${encodeURIComponent("Vaksin chip")}`);
    expect(r.status).toBe(200);
    expect(r.body.data[0]).toMatchObject({ id: ids.get("vaksin-chip"), status: "published" });
    expect(r.body.data[0].score).toBeGreaterThan(0);
    expect(r.body.nextCursor).toBeNull();
    // Another clinic's public search does not show Jatim's clarifications.
    const other = await call(h, "GET", `/api/v1/public/ntt/clarifications?q=${encodeURIComponent("Vaksin chip")}`);
    expect(other.body.data).toEqual([]);
    // Without q: the newest-first list as before.
    const list = await call(h, "GET", "/api/v1/public/jatim/clarifications");
    expect(list.body.data).toHaveLength(5);
  });

  it("finds a clarification after it is published, not before", async () => {
    const id = await clarify(jatim, "[HOAKS] Kapal selam kuning muncul di Danau Toba", "Tidak ada kapal selam.", false);
    expect(
      (await check("ntt", "kapal selam kuning danau toba")).body.data.map((m: { id: string }) => m.id),
    ).not.toContain(id);
    await call(h, "POST", `/api/v1/clarifications/${id}/publish`, { headers: jatim.auth });
    expect((await check("ntt", "kapal selam kuning danau toba")).body.data[0]?.id).toBe(id);
  });

  it("no longer answers with a withdrawn clarification, publicly; its clinic still finds it", async () => {
    const id = await clarify(jatim, "[HOAKS] Gerhana bulan merah membawa wabah", "Gerhana bulan tidak membawa wabah.");
    expect((await check("ntt", "gerhana bulan merah wabah")).body.data[0]?.id).toBe(id);
    const w = await call(h, "POST", `/api/v1/clarifications/${id}/withdraw`, {
      headers: jatim.auth,
      body: { reason: "Ditarik untuk diperiksa ulang" },
    });
    expect(w.status).toBe(200);
    expect((await check("ntt", "gerhana bulan merah wabah")).body.data.map((m: { id: string }) => m.id)).not.toContain(
      id,
    );
    const q = await call(h, "GET", "/api/v1/public/jatim/clarifications?q=gerhana%20bulan%20wabah");
    expect(q.body.data).toEqual([]);
    const staff = await call(h, "GET", "/api/v1/clarifications?q=gerhana%20bulan%20wabah", { headers: jatim.auth });
    expect(staff.body.data[0]).toMatchObject({
      id,
      status: "withdrawn",
      withdrawnAt: expect.any(String),
      withdrawnReason: "Ditarik untuk diperiksa ulang",
    });
    // Found as listed: the shape /openapi.json documents for the list.
    const doc = (await call(h, "GET", "/openapi.json")).body;
    const op = doc.paths["/api/v1/clarifications"].get;
    const required: string[] = op.responses["200"].content["application/json"].schema.properties.data.items.required;
    for (const key of required) expect(staff.body.data[0], key).toHaveProperty(key);
  });

  it("refuses an unknown clinic (404), an empty text and an overlong one (400)", async () => {
    expect((await check("tidak-ada", "vaksin chip")).status).toBe(404);
    expect((await call(h, "GET", "/api/v1/public/tidak-ada/clarifications?q=vaksin")).status).toBe(404);
    expect((await check("jatim", "   ")).status).toBe(400);
    const long = await call(h, "GET", `/api/v1/public/jatim/clarifications?q=${"a".repeat(4_001)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe("invalid_request");
    const longCheck = await check("jatim", "vaksin ".repeat(700));
    expect(longCheck.status).toBe(400);
  });

  it("answers a clinic's list and its search in the one shape /openapi.json documents, each with its page", async () => {
    const doc = (await call(h, "GET", "/openapi.json")).body;
    const op = doc.paths["/api/v1/public/{tenant}/clarifications"].get;
    const item = op.responses["200"].content["application/json"].schema.properties.data.items;
    for (const query of ["", "?q=vaksin%20chip"]) {
      const r = await call(h, "GET", `/api/v1/public/jatim/clarifications${query}`);
      expect(r.body.data.length, query).toBeGreaterThan(0);
      for (const c of r.body.data) {
        for (const key of item.required) expect(c, `${query} ${key}`).toHaveProperty(key);
        expect(c.url, query).toBe(`/k/jatim/klarifikasi/${c.id}`);
      }
    }
    // A corrected one says when, found or listed.
    const id = ids.get("vaksin-chip");
    await call(h, "PATCH", `/api/v1/clarifications/${id}`, {
      headers: jatim.auth,
      body: { body: `${hoax("vaksin-chip").body} Sumber: Dinkes.`, correction: "Sumber ditambahkan" },
    });
    const listed = (await call(h, "GET", "/api/v1/public/jatim/clarifications")).body.data.find(
      (c: { id: string }) => c.id === id,
    );
    const found = (await call(h, "GET", "/api/v1/public/jatim/clarifications?q=vaksin%20chip")).body.data[0];
    expect(found.id).toBe(id);
    expect(found.updatedAt).toEqual(expect.any(String));
    expect(found.updatedAt).toBe(listed.updatedAt);
  });

  it("takes as long a text as /openapi.json documents, and refuses one character more", async () => {
    const doc = (await call(h, "GET", "/openapi.json")).body;
    const schema = doc.paths["/api/v1/public/{tenant}/check"].post.requestBody.content["application/json"].schema;
    const max: number = schema.properties.text.maxLength;
    const text = (n: number) => `vaksin chip ${"x".repeat(n - 12)}`;
    expect((await check("jatim", text(max))).status).toBe(200);
    const over = await check("jatim", text(max + 1));
    expect([over.status, over.body.error.code]).toEqual([400, "invalid_request"]);
  });

  it("treats query syntax and hostile text as words", async () => {
    for (const q of [
      '"vaksin" OR chip* NEAR(a b)',
      "vaksin & !chip | ambulans:* <-> (",
      "'; drop table clarifications; --",
      "<script>alert(1)</script> vaksin",
      "\u0000\u202e vaksin",
    ]) {
      const r = await check("jatim", q);
      expect(r.status, q).toBe(200);
      const s = await call(h, "GET", `/api/v1/public/jatim/clarifications?q=${encodeURIComponent(q)}`);
      expect(s.status, q).toBe(200);
    }
    expect((await check("jatim", "vaksin")).body.data.length).toBeGreaterThan(0);
  });
});

describe("public search rate limit", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ PUBLIC_RATE_LIMIT_PER_MIN: "60" }, "sqlite");
    await createClinic(h, "jabar");
  });
  afterAll(async () => h?.close());

  it("counts searches and checks per address and answers 429 with Retry-After", async () => {
    // 60 a minute, at most 10 in any 10 s: searches and checks share the count.
    for (let i = 0; i < 5; i++) {
      expect((await call(h, "GET", "/api/v1/public/jabar/clarifications?q=vaksin")).status).toBe(200);
      expect((await call(h, "POST", "/api/v1/public/jabar/check", { body: { text: "vaksin" } })).status).toBe(200);
    }
    // The plain newest-first list is not a search: not counted.
    expect((await call(h, "GET", "/api/v1/public/jabar/clarifications")).status).toBe(200);
    const res = await h.app.request("/api/v1/public/jabar/clarifications?q=vaksin");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBeTruthy();
  });
});
