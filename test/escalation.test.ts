import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { claimIn, onboard, operatorOf, personOf, trail } from "./support/offices.ts";

type Auth = { auth: Record<string, string>; user: { id: string } };

for (const dialect of DIALECTS) {
  describe(`escalation: regency → province → answer or hand back (${dialect})`, () => {
    let h: Harness;
    let ids: Map<string, string>;
    let provA: Auth;
    let provAViewer: Auth;
    let provB: Auth;
    let a1: Auth;
    let a1Viewer: Auth;
    let a2: Auth;
    let claim: string;
    let escalationId: string;

    beforeAll(async () => {
      h = await createHarness({}, dialect);
      const op = await operatorOf(h);
      const jabar = await onboard(h, op.auth, "32", true);
      const bali = await onboard(h, op.auth, "51", true);
      ids = new Map([...jabar, ...bali].map(([code, c]) => [code, c.id]));
      const at = (code: string) => ids.get(code) ?? "";
      provA = await personOf(h, at("32"), "analis@jabar.test");
      provAViewer = await personOf(h, at("32"), "kepala@jabar.test", "viewer");
      provB = await personOf(h, at("51"), "analis@bali.test");
      a1 = await personOf(h, at("32.73"), "analis@kotabandung.test");
      a1Viewer = await personOf(h, at("32.73"), "kepala@kotabandung.test", "viewer");
      a2 = await personOf(h, at("32.04"), "analis@kabbandung.test");
      claim = await claimIn(h, at("32.73"), "vaksin", "Vaksin mengandung chip");
    });
    afterAll(async () => h?.close());

    it("a regency escalates a claim; a second escalation of it answers 409", async () => {
      const r = await call(h, "POST", `/api/v1/clusters/${claim}/escalate`, {
        headers: a1.auth,
        body: { reason: "Menyangkut program vaksinasi provinsi" },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ status: "open", clusterId: claim, provinceId: ids.get("32"), answer: null });
      escalationId = r.body.id;
      const again = await call(h, "POST", `/api/v1/clusters/${claim}/escalate`, { headers: a1.auth, body: {} });
      expect(again.status).toBe(409);
      expect(
        (await call(h, "POST", `/api/v1/clusters/${claim}/escalate`, { headers: a1Viewer.auth, body: {} })).status,
      ).toBe(403);
      // a sibling regency cannot escalate (or see) it
      expect((await call(h, "POST", `/api/v1/clusters/${claim}/escalate`, { headers: a2.auth, body: {} })).status).toBe(
        404,
      );
      // a province has nobody to escalate to
      const own = await claimIn(h, ids.get("32") ?? "", "prov");
      expect(
        (await call(h, "POST", `/api/v1/clusters/${own}/escalate`, { headers: provA.auth, body: {} })).status,
      ).toBe(409);
      expect(await trail(h, ids.get("32.73") ?? "")).toMatchObject([
        { action: "claim.escalate", target_type: "cluster", target_id: claim, actor_id: a1.user.id },
        { action: "clinic.onboard" },
      ]);
    });

    it("the province sees it with the regency's name; nobody else does", async () => {
      const r = await call(h, "GET", "/api/v1/escalations?status=open", { headers: provA.auth });
      expect(r.status).toBe(200);
      expect(r.body.direction).toBe("incoming");
      expect(r.body.data).toMatchObject([
        {
          id: escalationId,
          clinicName: "Kota Bandung",
          claimTitle: "Vaksin mengandung chip",
          reason: "Menyangkut program vaksinasi provinsi",
        },
      ]);
      expect((await call(h, "GET", "/api/v1/escalations", { headers: provB.auth })).body.data).toEqual([]);
      expect((await call(h, "GET", "/api/v1/escalations", { headers: a2.auth })).body.data).toEqual([]);
      const mine = await call(h, "GET", "/api/v1/escalations", { headers: a1.auth });
      expect(mine.body).toMatchObject({ direction: "outgoing", data: [{ id: escalationId, status: "open" }] });
      const stats = await call(h, "GET", `/api/v1/clinics/${ids.get("32")}/stats`, { headers: provA.auth });
      expect(
        stats.body.regencies.find((x: { clinic: { id: string } }) => x.clinic.id === ids.get("32.73")),
      ).toMatchObject({ escalationsOpen: 1, openClaims: 1 });
    });

    it("another province, a viewer or a regency cannot answer it", async () => {
      const path = `/api/v1/escalations/${escalationId}/answer`;
      const body = { answer: "x" };
      expect((await call(h, "POST", path, { headers: provB.auth, body })).status).toBe(404);
      expect((await call(h, "POST", path, { headers: a1.auth, body })).status).toBe(404);
      expect((await call(h, "POST", path, { headers: provAViewer.auth, body })).status).toBe(403);
      expect((await call(h, "POST", path, { headers: provA.auth, body: { answer: "" } })).status).toBe(400);
      expect(
        (await call(h, "POST", path, { headers: provA.auth, body: { answer: "x", verdict: "maybe" } })).status,
      ).toBe(400);
    });

    it("the province answers with a suggested verdict; the regency sees it, its claim untouched", async () => {
      const r = await call(h, "POST", `/api/v1/escalations/${escalationId}/answer`, {
        headers: provA.auth,
        body: { answer: "Sudah diklarifikasi Dinkes Jabar: tidak ada chip dalam vaksin.", verdict: "false" },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ status: "answered", verdict: "false", resolvedAt: expect.any(String) });
      const seen = await call(h, "GET", "/api/v1/escalations", { headers: a1.auth });
      expect(seen.body.data[0]).toMatchObject({
        status: "answered",
        answer: expect.stringMatching(/tidak ada chip/),
        verdict: "false",
      });
      const c = await call(h, "GET", `/api/v1/clusters/${claim}`, { headers: a1.auth });
      expect(c.body).toMatchObject({ status: "new", verdict: null });
      // answered once: answering or handing back again is a conflict
      const again = await call(h, "POST", `/api/v1/escalations/${escalationId}/return`, {
        headers: provA.auth,
        body: { reason: "x" },
      });
      expect(again.status).toBe(409);
      // in the regency's trail and the province's
      const answered = {
        action: "escalation.answer",
        target_type: "escalation",
        target_id: escalationId,
        actor_id: provA.user.id,
      };
      expect((await trail(h, ids.get("32.73") ?? ""))[0]).toMatchObject(answered);
      expect((await trail(h, ids.get("32") ?? ""))[0]).toMatchObject(answered);
    });

    it("after an answer the claim can be escalated again, and the province hands it back", async () => {
      const r = await call(h, "POST", `/api/v1/clusters/${claim}/escalate`, { headers: a1.auth, body: {} });
      expect(r.status).toBe(201);
      const back = await call(h, "POST", `/api/v1/escalations/${r.body.id}/return`, {
        headers: provA.auth,
        body: { reason: "Cukup ditangani kota: isu lokal" },
      });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ status: "returned", answer: "Cukup ditangani kota: isu lokal", verdict: null });
      expect(
        (await call(h, "POST", `/api/v1/escalations/${r.body.id}/return`, { headers: provA.auth, body: {} })).status,
      ).toBe(400);
      const list = await call(h, "GET", "/api/v1/escalations?status=returned", { headers: provA.auth });
      expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([r.body.id]);
      expect((await trail(h, ids.get("32.73") ?? "")).map((a) => a.action)).toEqual([
        "escalation.return",
        "claim.escalate",
        "escalation.answer",
        "claim.escalate",
        "clinic.onboard",
      ]);
    });
  });
}
