import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness } from "../support/harness.ts";
import { seedClaim, uiSession } from "./support.ts";

describe("status labels on the queue (app.request)", () => {
  let h: Harness;
  let me: { cookie: string };

  beforeAll(async () => {
    h = await createHarness();
    const clinic = await createClinic(h, "ntb");
    await seedClaim(h, clinic.tenant.id, { text: "Pesan berantai tentang bantuan sosial palsu", score: 0.8 });
    me = await uiSession(h, "admin@ntb.test");
  });
  afterAll(async () => h?.close());

  const queue = async (lang: string) =>
    (await h.app.request(`/antrean?lang=${lang}`, { headers: { cookie: me.cookie } })).text();

  for (const [lang, open, badge] of [
    ["id", "Belum selesai", "Baru"],
    ["en", "Open", "New"],
  ] as const)
    it(`uses one capitalised style for options and badges, under a "Status" column (${lang})`, async () => {
      const html = await queue(lang);
      const select = html.slice(html.indexOf('id="f-status"')).split("</select>")[0] ?? "";
      const options = [...select.matchAll(/<option[^>]*>\s*([^<]+?)\s*<\/option>/g)].map((m) => m[1] ?? "");
      expect(options.length).toBeGreaterThan(3);
      for (const o of options) expect(o, o).toMatch(/^\p{Lu}/u);
      expect(options).toContain(open);
      expect(html).toContain(`<span class="badge">${badge}</span>`);
      expect(html).toContain('<th scope="col">Status</th>');
      expect(html).toContain('data-label="Status"');
    });
});
