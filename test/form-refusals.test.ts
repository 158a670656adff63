/**
 * Staff and public forms say why an input was refused in the reader's language:
 * each refusal carries a reason from the rule that refused it (services/result.ts
 * INVALID_REASONS), which the pages say from the dictionaries; the JSON API keeps
 * its English message. test/ui/i18n-keys.test.ts checks every reason has words.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FormStamp } from "../services/api/src/security/form-stamp.ts";
import { call, createClinic, createHarness, type Harness } from "./support/harness.ts";
import { postForm, uiSession } from "./ui/support.ts";

let h: Harness;
let admin: Awaited<ReturnType<typeof createClinic>>;
let session: { cookie: string; csrf: string };
let clarificationId: string;
let stamp: () => Promise<string>;

beforeAll(async () => {
  h = await createHarness();
  admin = await createClinic(h, "jabar", "admin");
  session = await uiSession(h, "admin@jabar.test");
  const c = await call(h, "POST", "/api/v1/clarifications", {
    headers: admin.auth,
    body: { title: "Hoaks vaksin", body: "Isi klarifikasi.", verdict: "false" },
  });
  clarificationId = c.body.id;
  const stamps = new FormStamp(h.redis, h.config.QUEUE_PREFIX);
  stamp = () => stamps.issue(`lapor:${admin.tenant.id}`, Date.now() - 5_000);
});

afterAll(async () => {
  await h.close();
});

type Lang = "id" | "en";
const text = async (r: Response) => (await r.text()).replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"');

/** A staff form in `lang` (the language cookie the switch sets). */
const staff = (path: string, fields: Record<string, string>, lang: Lang) =>
  postForm(h, path, `${session.cookie}; lang=${lang}`, { ...fields, _csrf: session.csrf });

/** Each form, what it is sent, and what the reader reads in Indonesian and English. */
const CASES: {
  name: string;
  send: (lang: Lang) => Response | Promise<Response>;
  id: string;
  en: string;
}[] = [
  {
    name: "webhooks: an http URL",
    send: (lang) => staff("/pengaturan/webhook", { url: "http://mitra.example/kait" }, lang),
    id: "Alamat (URL) harus diawali https://.",
    en: "The address (URL) must start with https://.",
  },
  {
    name: "webhooks: not a URL",
    send: (lang) => staff("/pengaturan/webhook", { url: "mitra kami" }, lang),
    id: "Alamat (URL) tidak valid",
    en: "Not a valid address (URL)",
  },
  {
    name: "sources: an ftp URL",
    send: (lang) =>
      staff("/sumber", { jenis: "rss", nama: "Portal", url: "ftp://portal.example/rss", menit: "5" }, lang),
    id: "Alamat (URL) tidak valid",
    en: "Not a valid address (URL)",
  },
  {
    name: "sources: a URL with a password",
    send: (lang) =>
      staff("/sumber", { jenis: "rss", nama: "Portal", url: "https://a:b@portal.example/", menit: "5" }, lang),
    id: "tidak boleh memuat nama pengguna atau kata sandi",
    en: "must not contain a user name or password",
  },
  {
    name: "people: an invitation to a malformed email",
    send: (lang) => staff("/orang/undang", { email: "rina@", nama: "Rina", peran: "analyst" }, lang),
    id: "Alamat email tidak valid.",
    en: "Not a valid email address.",
  },
  {
    name: "clarification: a title over 300 characters",
    send: (lang) => staff("/klarifikasi", { judul: "J".repeat(301), isi: "Isi", verdict: "false" }, lang),
    id: "Terlalu panjang: paling banyak 300 karakter.",
    en: "Too long: at most 300 characters.",
  },
  {
    name: "clarification: a body over 50,000 characters",
    send: (lang) => staff("/klarifikasi", { judul: "Judul", isi: "x".repeat(50_001), verdict: "false" }, lang),
    id: "Terlalu panjang: paling banyak 50.000 karakter.",
    en: "Too long: at most 50,000 characters.",
  },
  {
    name: "clarification edit: a title over 300 characters",
    send: (lang) =>
      staff(`/klarifikasi/${clarificationId}/ubah`, { judul: "J".repeat(301), isi: "Isi", verdict: "false" }, lang),
    id: "Terlalu panjang: paling banyak 300 karakter.",
    en: "Too long: at most 300 characters.",
  },
  {
    name: "evidence: a javascript: link",
    send: (lang) =>
      staff(
        `/klarifikasi/${clarificationId}/ubah`,
        {
          judul: "Hoaks vaksin",
          isi: "Isi",
          verdict: "false",
          aksi: "bukti",
          bukti_url: "javascript:alert(1)",
          bukti_judul: "Bukti",
        },
        lang,
      ),
    id: "Alamat (URL) tidak valid",
    en: "Not a valid address (URL)",
  },
  {
    name: "audit: a date that is not one",
    send: (lang) => h.app.request(`/audit?dari=kemarin`, { headers: { cookie: `${session.cookie}; lang=${lang}` } }),
    id: "Isian tidak sesuai format.",
    en: "Not in the expected format.",
  },
  {
    name: "public report: a text over 20,000 characters",
    send: async (lang) =>
      h.app.request(`/k/jabar/lapor${lang === "en" ? "?lang=en" : ""}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ teks: "x".repeat(20_001), _cap: await stamp() }),
      }),
    id: "Terlalu panjang: paling banyak 20.000 karakter.",
    en: "Too long: at most 20,000 characters.",
  },
  {
    name: "public report: a link with a password",
    send: async (lang) =>
      h.app.request(`/k/jabar/lapor${lang === "en" ? "?lang=en" : ""}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ teks: "Pesan berantai", tautan: "https://a:b@x.example/", _cap: await stamp() }),
      }),
    id: "tidak boleh memuat nama pengguna atau kata sandi",
    en: "must not contain a user name or password",
  },
];

describe("form refusals in the reader's language", () => {
  for (const lang of ["id", "en"] as const) {
    it(`say why each form was refused in ${lang === "id" ? "Indonesian" : "English"}, never the API's English`, async () => {
      const missing: string[] = [];
      for (const k of CASES) {
        const html = await text(await k.send(lang));
        // What the page says in its error notice (the page itself may show data in any words).
        const notice = /class="notice error"[^>]*>([^<]*)/.exec(html)?.[1] ?? "";
        const said = `${lang === "id" ? "Isian tidak valid" : "Invalid input"}: `;
        if (!notice.startsWith(said) || !notice.includes(k[lang])) missing.push(`${k.name}: ${notice}`);
        // Never the API's message, which names the field in English ("url: must be an https URL").
        expect(notice, k.name).not.toMatch(/\b(url|title|body|email|text|from|scheduleSec): |Too big|must be an http/);
      }
      expect(missing).toEqual([]);
    });
  }

  it("keeps the JSON API's English message", async () => {
    const r = await call(h, "POST", "/api/v1/webhooks", {
      headers: admin.auth,
      body: { url: "http://mitra.example/kait" },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({ code: "invalid_request", message: "url: must be an https URL" });
  });

  it("saves nothing refused: a too long clarification title is not cut and saved", async () => {
    const before = await call(h, "GET", "/api/v1/clarifications", { headers: admin.auth });
    await staff("/klarifikasi", { judul: "J".repeat(301), isi: "Isi", verdict: "false" }, "id");
    const after = await call(h, "GET", "/api/v1/clarifications", { headers: admin.auth });
    expect(after.body.items?.length ?? after.body.length).toBe(before.body.items?.length ?? before.body.length);
  });
});
