import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { claimIn, onboard, operatorOf, personOf, trail } from "./support/offices.ts";

type Auth = { auth: Record<string, string>; user: { id: string } };

for (const dialect of DIALECTS) {
  describe(`offices: onboarding, visibility, settings, province reads (${dialect})`, () => {
    let h: Harness;
    let op: Awaited<ReturnType<typeof operatorOf>>;
    let jabar: Awaited<ReturnType<typeof onboard>>;
    let bali: Awaited<ReturnType<typeof onboard>>;
    let provA: Auth;
    let adminA: Auth;
    let a1: Auth; // Kota Bandung
    let a1Admin: Auth;
    let a2: Auth; // Kabupaten Bandung
    let b1: Auth; // Kota Denpasar
    const id = (m: Map<string, { id: string }>, code: string) => m.get(code)?.id ?? "";

    beforeAll(async () => {
      h = await createHarness({}, dialect);
      op = await operatorOf(h);
    });
    afterAll(async () => h?.close());

    it("the operator onboards Jawa Barat with its 27 regencies/cities in one action", async () => {
      jabar = await onboard(h, op.auth, "32", true);
      expect(jabar.size).toBe(28);
      const province = jabar.get("32");
      expect(province).toMatchObject({
        name: "Jawa Barat",
        slug: "jawa-barat",
        status: "active",
        kind: "province",
        parentId: null,
      });
      const children = [...jabar.values()].filter((c) => c.parentId === province?.id);
      expect(children).toHaveLength(27);
      expect(children.every((c) => c.status === "dormant")).toBe(true);
      expect(jabar.get("32.73")).toMatchObject({
        name: "Kota Bandung",
        slug: "kota-bandung",
        kind: "regency",
        timezone: "Asia/Jakarta",
      });
      expect(jabar.get("32.04")).toMatchObject({ slug: "kab-bandung" });
      // every creation is in the new clinic's trail, by the operator
      expect(await trail(h, id(jabar, "32.73"))).toMatchObject([
        { action: "clinic.onboard", actor_id: op.user.id, target_id: id(jabar, "32.73") },
      ]);
    });

    it("answers 409 on a repeat, 403 to anyone but the operator, 400 for an unknown region", async () => {
      const again = await call(h, "POST", "/api/v1/clinics", {
        headers: op.auth,
        body: { regionCode: "32", withChildren: true },
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/already onboarded/);
      expect(
        (await call(h, "POST", "/api/v1/clinics", { headers: op.auth, body: { regionCode: "32.73" } })).status,
      ).toBe(409);
      const plainAdmin = await personOf(h, op.demo.id, "admin2@demo.test", "admin");
      const denied = await call(h, "POST", "/api/v1/clinics", { headers: plainAdmin.auth, body: { regionCode: "51" } });
      expect(denied.status).toBe(403);
      expect((await call(h, "POST", "/api/v1/clinics", { headers: op.auth, body: { regionCode: "99" } })).status).toBe(
        400,
      );
      expect((await call(h, "POST", "/api/v1/clinics", { headers: op.auth, body: { regionCode: "abc" } })).status).toBe(
        400,
      );
      // a regency alone needs its province first
      const orphan = await call(h, "POST", "/api/v1/clinics", { headers: op.auth, body: { regionCode: "51.71" } });
      expect(orphan.status).toBe(409);
      expect(orphan.body.error.message).toMatch(/Bali first/);
    });

    it("onboards a province alone, then one regency of it, with WITA time", async () => {
      bali = await onboard(h, op.auth, "51");
      expect([...bali.keys()]).toEqual(["51"]);
      const denpasar = await onboard(h, op.auth, "51.71");
      expect(denpasar.get("51.71")).toMatchObject({
        parentId: id(bali, "51"),
        status: "dormant",
        timezone: "Asia/Makassar",
      });
      for (const [k, v] of denpasar) bali.set(k, v);
      // people of the offices
      provA = await personOf(h, id(jabar, "32"), "analis@jabar.test");
      adminA = await personOf(h, id(jabar, "32"), "admin@jabar.test", "admin");
      a1 = await personOf(h, id(jabar, "32.73"), "analis@kotabandung.test");
      a1Admin = await personOf(h, id(jabar, "32.73"), "admin@kotabandung.test", "admin");
      a2 = await personOf(h, id(jabar, "32.04"), "analis@kabbandung.test");
      b1 = await personOf(h, id(bali, "51.71"), "analis@denpasar.test");
    });

    it("lists the clinics each caller may see", async () => {
      const list = async (who: Auth, query = "") =>
        (await call(h, "GET", `/api/v1/clinics${query}`, { headers: who.auth })).body.data.map(
          (c: { regionCode: string }) => c.regionCode,
        );
      const all = await list(op);
      expect(all).toHaveLength(1 + 28 + 2);
      // by region code, a clinic without one (demo) last, on both databases
      expect([all[0], all.at(-1)]).toEqual(["32", null]);
      expect(await list(op, `?province=${id(bali, "51")}`)).toEqual(["51", "51.71"]);
      expect(await list(op, "?status=dormant")).toHaveLength(28);
      const mine = await list(provA);
      expect(mine).toHaveLength(28);
      expect(mine.every((c: string) => c.startsWith("32"))).toBe(true);
      expect(await list(provA, `?province=${id(bali, "51")}`)).toEqual([]);
      expect(await list(a1)).toEqual(["32.73"]);
      expect(await list(b1)).toEqual(["51.71"]);
      const one = (await call(h, "GET", "/api/v1/clinics", { headers: a1.auth })).body.data[0];
      expect(Object.keys(one).sort()).toEqual([
        "id",
        "kind",
        "name",
        "parentId",
        "regionCode",
        "slug",
        "status",
        "timezone",
      ]);
    });

    it("an admin changes the clinic's settings (audited before/after); others get 404 or 403", async () => {
      const clinicId = id(jabar, "32.73");
      const path = `/api/v1/clinics/${clinicId}`;
      const body = {
        displayName: "Klinik Hoaks Kota Bandung",
        logoUrl: "https://bandung.go.id/logo.png",
        contact: "hoaks@bandung.go.id",
        requireApproval: true,
      };
      const r = await call(h, "PATCH", path, { headers: a1Admin.auth, body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ ...body, requireTotp: false });
      expect((await call(h, "GET", path, { headers: a1Admin.auth })).body).toMatchObject(body);
      const [row] = await trail(h, clinicId);
      expect(row).toMatchObject({ action: "clinic.settings", actor_id: a1Admin.user.id });
      expect(JSON.parse(row?.summary ?? "{}")).toEqual({
        before: { displayName: null, logoUrl: null, contact: null, requireApproval: false },
        after: { displayName: body.displayName, logoUrl: body.logoUrl, contact: body.contact, requireApproval: true },
      });
      // https only, bounded, no unknown fields
      for (const bad of [
        { logoUrl: "http://bandung.go.id/logo.png" },
        { logoUrl: "javascript:alert(1)" },
        { displayName: "x".repeat(121) },
        { owner: "x" },
      ]) {
        expect((await call(h, "PATCH", path, { headers: a1Admin.auth, body: bad })).status).toBe(400);
      }
      // an empty logo clears it
      expect((await call(h, "PATCH", path, { headers: a1Admin.auth, body: { logoUrl: "" } })).body.logoUrl).toBeNull();
      expect((await call(h, "PATCH", path, { headers: a1.auth, body: { contact: "x" } })).status).toBe(403);
      // another clinic's admin: not found; the operator may edit any
      expect((await call(h, "PATCH", path, { headers: adminA.auth, body: { contact: "x" } })).status).toBe(404);
      const byOp = await call(h, "PATCH", path, { headers: op.auth, body: { requireTotp: true } });
      expect(byOp.body.requireTotp).toBe(true);
      // two-factor now gates the clinic's people until they set it up
      expect((await call(h, "GET", "/api/v1/clusters", { headers: a1.auth })).status).toBe(403);
      await call(h, "PATCH", path, { headers: op.auth, body: { requireTotp: false } });
      expect(await trail(h, clinicId)).toMatchObject([
        { action: "clinic.settings", actor_id: op.user.id },
        { action: "clinic.settings", actor_id: op.user.id },
        {},
        {},
        {},
      ]);
    });

    it("a province reads its regencies' claims and clarifications, read only; nobody else does", async () => {
      const kA1 = await claimIn(h, id(jabar, "32.73"), "a1", "Hoaks di Kota Bandung");
      const kA2 = await claimIn(h, id(jabar, "32.04"), "a2", "Hoaks di Kab Bandung");
      const kB1 = await claimIn(h, id(bali, "51.71"), "b1", "Hoaks di Denpasar");
      const queue = async (who: Auth, clinic?: string) =>
        call(h, "GET", `/api/v1/clusters${clinic ? `?clinic=${clinic}` : ""}`, { headers: who.auth });
      const r = await queue(provA, id(jabar, "32.73"));
      expect(r.status).toBe(200);
      expect(r.body.data.map((c: { id: string }) => c.id)).toEqual([kA1]);
      expect((await queue(provA, id(jabar, "32.04"))).body.data.map((c: { id: string }) => c.id)).toEqual([kA2]);
      const one = await call(h, "GET", `/api/v1/clusters/${kA1}?clinic=${id(jabar, "32.73")}`, { headers: provA.auth });
      expect(one.status).toBe(200);
      expect(one.body.members[0].title).toBe("Hoaks di Kota Bandung");
      expect(
        (await call(h, "GET", `/api/v1/clarifications?clinic=${id(jabar, "32.73")}`, { headers: provA.auth })).status,
      ).toBe(200);
      // another province's regency, a regency's sibling, a regency's own province: not found
      expect((await queue(provA, id(bali, "51.71"))).status).toBe(404);
      expect((await queue(a1, id(jabar, "32.04"))).status).toBe(404);
      expect((await queue(a1, id(jabar, "32"))).status).toBe(404);
      expect((await queue(b1, id(jabar, "32.73"))).status).toBe(404);
      expect((await call(h, "GET", `/api/v1/clusters/${kA2}`, { headers: a1.auth })).status).toBe(404);
      expect((await call(h, "GET", `/api/v1/clusters/${kB1}`, { headers: a1.auth })).status).toBe(404);
      expect(
        (await call(h, "GET", `/api/v1/clusters/${kA1}?clinic=${id(jabar, "32.73")}`, { headers: a2.auth })).status,
      ).toBe(404);
      // each regency's own queue holds only its claim
      expect((await queue(a1)).body.data.map((c: { id: string }) => c.id)).toEqual([kA1]);
      expect((await queue(b1)).body.data.map((c: { id: string }) => c.id)).toEqual([kB1]);
      // the province cannot change a regency's claim: not its clinic's
      const before = (await trail(h, id(jabar, "32.73"))).length;
      for (const [path, body] of [
        [`/api/v1/clusters/${kA1}/verdict`, { verdict: "false" }],
        [`/api/v1/clusters/${kA1}/claim`, undefined],
        [`/api/v1/clusters/${kA1}/escalate`, {}],
      ] as const) {
        expect((await call(h, "POST", path, { headers: provA.auth, ...(body ? { body } : {}) })).status).toBe(404);
      }
      expect((await call(h, "GET", `/api/v1/clusters/${kA1}`, { headers: a1.auth })).body).toMatchObject({
        status: "new",
        verdict: null,
        claimedBy: null,
      });
      expect(await trail(h, id(jabar, "32.73"))).toHaveLength(before);
    });

    it("shows a province per-regency statistics counted in the database", async () => {
      const kA1b = await claimIn(h, id(jabar, "32.73"), "a1b");
      expect(
        (await call(h, "POST", `/api/v1/clusters/${kA1b}/verdict`, { headers: a1.auth, body: { verdict: "false" } }))
          .status,
      ).toBe(201);
      const r = await call(h, "GET", `/api/v1/clinics/${id(jabar, "32")}/stats`, { headers: provA.auth });
      expect(r.status).toBe(200);
      expect(r.body.regencies).toHaveLength(27);
      const bandung = r.body.regencies.find((x: { clinic: { regionCode: string } }) => x.clinic.regionCode === "32.73");
      expect(bandung).toMatchObject({
        openClaims: 1,
        decided: { false: 1, misleading: 0, true: 0, unproven: 0 },
        clarificationsPublished: 0,
        escalationsOpen: 0,
      });
      const kab = r.body.regencies.find((x: { clinic: { regionCode: string } }) => x.clinic.regionCode === "32.04");
      expect(kab).toMatchObject({ openClaims: 1, decided: { false: 0 } });
      // another province's, or a regency asking for its province's: not found
      expect((await call(h, "GET", `/api/v1/clinics/${id(bali, "51")}/stats`, { headers: provA.auth })).status).toBe(
        404,
      );
      expect((await call(h, "GET", `/api/v1/clinics/${id(jabar, "32")}/stats`, { headers: a1.auth })).status).toBe(404);
      expect((await call(h, "GET", `/api/v1/clinics/${id(jabar, "32")}/stats`, { headers: op.auth })).status).toBe(200);
    });
  });
}
