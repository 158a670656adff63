import { claimSignature, encodeSignature } from "@klinik/claims";
import { createSession, createUser, forClinic } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { seedClaim } from "./ui/support.ts";

/**
 * An analyst's day through the JSON API (the UI calls the same services): assignment
 * apart from the short editing lock, undo and revert with their audit trail, and
 * evidence links that only take http(s).
 */
describe.each(DIALECTS)("an analyst's day on %s", (dialect) => {
  let h: Harness;
  let home: Awaited<ReturnType<typeof createClinic>>;
  let other: Awaited<ReturnType<typeof createClinic>>;
  let rina: { id: string; auth: Record<string, string> };
  let viewer: { auth: Record<string, string> };

  const person = async (email: string, role: "analyst" | "viewer") => {
    const u = await createUser(h.db.db, {
      tenantId: home.tenant.id,
      email,
      name: email.split("@")[0] ?? email,
      password: "kata-sandi-uji",
      role,
    });
    return { id: u.id, auth: { authorization: `Bearer ${(await createSession(h.db.db, u, 1)).token}` } };
  };
  const claim = async (text: string, score = 0.8, members = 1) => {
    const { clusterId } = await seedClaim(h, home.tenant.id, { text, score, members });
    // The claim page compares members by their signature: store real ones (seedClaim leaves them empty).
    await h.db.db
      .updateTable("item_signatures")
      .set({ signature: encodeSignature(claimSignature(null, text)) })
      .where("cluster_id", "=", clusterId)
      .execute();
    return clusterId;
  };
  const cluster = (id: string) => forClinic(h.db.db, home.tenant.id).getCluster(id);
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

  beforeAll(async () => {
    h = await createHarness({}, dialect);
    home = await createClinic(h, "sulteng");
    other = await createClinic(h, "bali");
    rina = await person("rina@sulteng.test", "analyst");
    viewer = await person("vera@sulteng.test", "viewer");
  });
  afterAll(async () => h?.close());

  it("assigns a claim to a colleague, who finds it under 'assigned to me' with its due time unchanged by opening it", async () => {
    const id = await claim("Beras plastik beredar di pasar Palu");
    const free = await claim("Sinyal HP penyebab gempa", 0.7);
    const dueAt = new Date(Date.now() + 8 * 3600_000).toISOString();
    const r = await call(h, "POST", `/api/v1/clusters/${id}/assign`, {
      headers: home.auth,
      body: { assignee: rina.id, dueAt },
    });
    expect(r).toMatchObject({ status: 200, body: { assigneeId: rina.id, dueAt } });
    const mine = await call(h, "GET", "/api/v1/clusters?assignee=me", { headers: rina.auth });
    expect(ids(mine.body.data)).toEqual([id]);
    expect(mine.body.data[0].assignedTo).toEqual({ id: rina.id, name: "rina", dueAt });
    expect(ids((await call(h, "GET", "/api/v1/clusters?assignee=none", { headers: rina.auth })).body.data)).toContain(
      free,
    );
    expect(
      ids((await call(h, "GET", "/api/v1/clusters?assignee=none", { headers: rina.auth })).body.data),
    ).not.toContain(id);
    // Opening never locks nor shortens; even editing a verdict (the soft lock) leaves the due time alone.
    expect((await call(h, "GET", `/api/v1/clusters/${id}`, { headers: rina.auth })).status).toBe(200);
    expect(await cluster(id)).toMatchObject({ status: "new", claimed_by: null, due_at: dueAt, assignee_id: rina.id });
    const lock = await call(h, "POST", `/api/v1/clusters/${id}/claim`, { headers: rina.auth });
    expect(Date.parse(lock.body.until) - Date.now()).toBeLessThanOrEqual(3 * 60_000);
    expect(await cluster(id)).toMatchObject({ status: "in_review", claimed_by: rina.id, due_at: dueAt });
    // Logging out lets go of the lock, not of the assignment.
    expect((await call(h, "POST", "/api/v1/auth/logout", { headers: rina.auth })).status).toBe(200);
    expect(await cluster(id)).toMatchObject({ status: "new", claimed_by: null, assignee_id: rina.id, due_at: dueAt });
    rina = await person("rina2@sulteng.test", "analyst");
    // Taking it oneself; another clinic's person cannot be assigned; a viewer may not assign.
    expect(
      (await call(h, "POST", `/api/v1/clusters/${free}/assign`, { headers: rina.auth, body: { assignee: "me" } })).body
        .assigneeId,
    ).toBe(rina.id);
    expect(
      (
        await call(h, "POST", `/api/v1/clusters/${free}/assign`, {
          headers: home.auth,
          body: { assignee: other.user.id },
        })
      ).status,
    ).toBe(400);
    expect(
      (await call(h, "POST", `/api/v1/clusters/${free}/assign`, { headers: viewer.auth, body: { assignee: "me" } }))
        .status,
    ).toBe(403);
    expect(
      (await call(h, "POST", `/api/v1/clusters/${free}/assign`, { headers: home.auth, body: { assignee: null } })).body,
    ).toEqual({ assigneeId: null, dueAt: null });
  });

  it("undoes a mistaken bulk verdict as a whole, and only for its author", async () => {
    const three = [
      await claim("Bansos cair lewat tautan", 0.6),
      await claim("Tilang manual dihapus", 0.59),
      await claim("Listrik padam seminggu", 0.58, 3),
    ];
    expect(
      (await call(h, "POST", "/api/v1/clusters/bulk", { headers: home.auth, body: { clusterIds: three } })).status,
    ).toBe(400);
    const bulk = await call(h, "POST", "/api/v1/clusters/bulk", {
      headers: home.auth,
      body: { clusterIds: three, action: { kind: "verdict", verdict: "false" } },
    });
    expect(bulk.body).toMatchObject({ applied: 3, skipped: 0, actionId: expect.any(String) });
    for (const id of three) expect(await cluster(id)).toMatchObject({ status: "done", verdict: "false" });
    const someoneElse = await call(h, "POST", "/api/v1/clusters/undo", {
      headers: rina.auth,
      body: { actionId: bulk.body.actionId },
    });
    expect(someoneElse.status).toBe(409);
    const undo = await call(h, "POST", "/api/v1/clusters/undo", {
      headers: home.auth,
      body: { actionId: bulk.body.actionId },
    });
    expect(undo).toMatchObject({ status: 200, body: { changedSince: [] } });
    expect([...undo.body.reverted].sort()).toEqual([...three].sort());
    for (const id of three) expect(await cluster(id)).toMatchObject({ status: "new", verdict: null });
    const items = await h.db.db
      .selectFrom("items")
      .select("status")
      .where("cluster_id", "=", three[2] ?? "")
      .execute();
    expect(items.map((i) => i.status)).toEqual(["new", "new", "new"]);
    expect(
      (await call(h, "POST", "/api/v1/clusters/undo", { headers: home.auth, body: { actionId: bulk.body.actionId } }))
        .status,
    ).toBe(409);
    // Another clinic cannot undo it.
    expect(
      (await call(h, "POST", "/api/v1/clusters/undo", { headers: other.auth, body: { actionId: bulk.body.actionId } }))
        .status,
    ).toBe(404);
    const trail = await forClinic(h.db.db, home.tenant.id).listAuditFor({ type: "cluster", id: three[0] ?? "" });
    expect(trail.map((a) => a.action)).not.toContain("claim.bulk"); // one bulk row without a single target
  });

  it("reverts a verdict from the history, which keeps it marked reverted, and the audit trail records who", async () => {
    const id = await claim("Air rebusan sirsak sembuhkan kanker", 0.9, 2);
    const first = await call(h, "POST", `/api/v1/clusters/${id}/verdict`, {
      headers: home.auth,
      body: { verdict: "true" },
    });
    expect(first.body).toMatchObject({ members: 2, actionId: expect.any(String) });
    const revert = await call(h, "POST", `/api/v1/clusters/${id}/revert`, {
      headers: rina.auth,
      body: { actionId: first.body.actionId },
    });
    expect(revert).toMatchObject({ status: 200, body: { reverted: true } });
    expect(await cluster(id)).toMatchObject({ status: "new", verdict: null });
    const again = await call(h, "POST", `/api/v1/clusters/${id}/revert`, {
      headers: rina.auth,
      body: { actionId: first.body.actionId },
    });
    expect(again.status).toBe(409);
    const second = await call(h, "POST", `/api/v1/clusters/${id}/verdict`, {
      headers: rina.auth,
      body: { verdict: "false" },
    });
    const history = await forClinic(h.db.db, home.tenant.id).listClusterVerdictHistory(id);
    expect(history).toMatchObject([
      { verdict: "false", reverted_at: null, action_id: second.body.actionId },
      { verdict: "true", reverted_by_name: "rina2", action_id: first.body.actionId },
    ]);
    const trail = await forClinic(h.db.db, home.tenant.id).listAuditFor({ type: "cluster", id });
    expect(trail.map((a) => a.action)).toEqual(["claim.verdict", "claim.revert", "claim.verdict"]);
    // A later verdict stands: the earlier one cannot be reverted over it.
    expect((await cluster(id))?.verdict).toBe("false");
  });

  it("keeps evidence links on claims and clarifications, http(s) only, for the clinic's own", async () => {
    const id = await claim("Foto banjir lama disebut hari ini", 0.7);
    const add = (path: string, body: unknown, auth: Record<string, string> = home.auth) =>
      call(h, "POST", path, { headers: auth, body });
    const ok = await add(`/api/v1/clusters/${id}/evidence`, {
      url: "https://bmkg.go.id/siaran",
      title: "Siaran BMKG",
      kind: "official",
    });
    expect(ok).toMatchObject({ status: 201, body: { url: "https://bmkg.go.id/siaran", kind: "official" } });
    for (const url of [
      "javascript:alert(1)",
      "ftp://contoh.test/x",
      "data:text/html,<b>x</b>",
      "https://user:pw@contoh.test/",
    ]) {
      expect((await add(`/api/v1/clusters/${id}/evidence`, { url, title: "x" })).status).toBe(400);
    }
    expect((await add(`/api/v1/clusters/${id}/evidence`, { url: "https://contoh.test", title: "" })).status).toBe(400);
    expect(
      (await add(`/api/v1/clusters/${id}/evidence`, { url: "https://contoh.test", title: "x" }, other.auth)).status,
    ).toBe(404);
    expect(
      (await add(`/api/v1/clusters/${id}/evidence`, { url: "https://contoh.test", title: "x" }, viewer.auth)).status,
    ).toBe(403);
    const detail = await call(h, "GET", `/api/v1/clusters/${id}`, { headers: rina.auth });
    expect(detail.body.evidence).toMatchObject([{ id: ok.body.id, title: "Siaran BMKG" }]);
    expect(
      (await call(h, "DELETE", `/api/v1/clusters/${id}/evidence/${ok.body.id}`, { headers: other.auth })).status,
    ).toBe(404);
    expect(
      (await call(h, "DELETE", `/api/v1/clusters/${id}/evidence/${ok.body.id}`, { headers: rina.auth })).status,
    ).toBe(200);
    expect((await call(h, "GET", `/api/v1/clusters/${id}`, { headers: rina.auth })).body.evidence).toEqual([]);

    const clar = await call(h, "POST", "/api/v1/clarifications", {
      headers: home.auth,
      body: { title: "Banjir lama", body: "Foto 2018.", verdict: "misleading" },
    });
    const onClar = await add(`/api/v1/clarifications/${clar.body.id}/evidence`, {
      url: "http://arsip.contoh.test/2018",
      title: "Arsip 2018",
      kind: "media",
    });
    expect(onClar.status).toBe(201);
    expect(
      await forClinic(h.db.db, home.tenant.id).evidence.listEvidence({ clarification: clar.body.id }),
    ).toMatchObject([{ title: "Arsip 2018" }]);
    // Carried into the public page once published: a link that leaves safely.
    expect(
      (await call(h, "POST", `/api/v1/clarifications/${clar.body.id}/publish`, { headers: home.auth })).status,
    ).toBe(200);
    const page = await (await h.app.request(`/k/sulteng/klarifikasi/${clar.body.id}`)).text();
    expect(page).toMatch(
      /<a href="http:\/\/arsip\.contoh\.test\/2018" rel="noopener noreferrer nofollow" target="_blank" class="ext">/,
    );
  });

  it("locks a clarification only while someone edits it: a colleague sees who, cannot save over it, may take over", async () => {
    const nina = await person("nina@sulteng.test", "analyst");
    const clar = await call(h, "POST", "/api/v1/clarifications", {
      headers: home.auth,
      body: { title: "Beras plastik", body: "Tidak ada beras plastik.", verdict: "false" },
    });
    const id = clar.body.id as string;
    const row = async () => {
      const r = await forClinic(h.db.db, home.tenant.id).getClarification(id);
      if (!r) throw new Error("clarification missing");
      return r;
    };
    const lock = (auth: Record<string, string>, q = "") =>
      call(h, "POST", `/api/v1/clarifications/${id}/lock${q}`, { headers: auth });
    const patch = (auth: Record<string, string>, title: string) =>
      call(h, "PATCH", `/api/v1/clarifications/${id}`, { headers: auth, body: { title } });
    // Viewing never locks.
    expect((await call(h, "GET", `/api/v1/clarifications/${id}`, { headers: nina.auth })).status).toBe(200);
    expect(await row()).toMatchObject({ locked_by: null, locked_until: null });

    const mine = await lock(nina.auth);
    expect(mine.status).toBe(200);
    expect(Date.parse(mine.body.until) - Date.now()).toBeLessThanOrEqual(3 * 60_000);
    expect(await row()).toMatchObject({ locked_by: nina.id, locked_until: mine.body.until });
    // A colleague is told who edits it and until when, and cannot save over it.
    const held = await lock(home.auth);
    expect(held).toMatchObject({ status: 409, body: { error: { code: "claimed" } } });
    expect(held.body.error.message).toContain("nina");
    expect(held.body.error.message).toContain(mine.body.until);
    expect((await patch(home.auth, "Judul admin")).status).toBe(409);
    expect((await row()).title).toBe("Beras plastik");
    // Saving ends the edit: the lock goes with it.
    expect((await patch(nina.auth, "Judul Nina")).status).toBe(200);
    expect(await row()).toMatchObject({ title: "Judul Nina", locked_by: null });

    // An explicit takeover: the one taken over from can no longer save.
    expect((await lock(home.auth)).status).toBe(200);
    expect((await lock(nina.auth)).status).toBe(409);
    expect((await lock(nina.auth, "?takeover=true")).status).toBe(200);
    expect((await patch(home.auth, "Judul admin")).status).toBe(409);
    // Releasing: only one's own lock; then anyone may take it.
    expect((await call(h, "POST", `/api/v1/clarifications/${id}/unlock`, { headers: home.auth })).status).toBe(200);
    expect((await row()).locked_by).toBe(nina.id);
    expect((await call(h, "POST", `/api/v1/clarifications/${id}/unlock`, { headers: nina.auth })).status).toBe(200);
    expect((await row()).locked_by).toBeNull();
    // Expiry frees it without anyone releasing it.
    expect((await lock(home.auth)).status).toBe(200);
    await h.db.db
      .updateTable("clarifications")
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", id)
      .execute();
    expect((await patch(nina.auth, "Setelah kedaluwarsa")).status).toBe(200);
    // Logout lets go of it.
    expect((await lock(nina.auth)).status).toBe(200);
    expect((await call(h, "POST", "/api/v1/auth/logout", { headers: nina.auth })).status).toBe(200);
    expect((await row()).locked_by).toBeNull();
    // A viewer may not lock; another clinic does not see it.
    expect((await lock(viewer.auth)).status).toBe(403);
    expect((await lock(other.auth)).status).toBe(404);
    const trail = await forClinic(h.db.db, home.tenant.id).listAuditFor({ type: "clarification", id });
    expect(trail.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "clarification.lock",
        "clarification.lock_takeover",
        "clarification.unlock",
        "clarification.edit",
      ]),
    );
  });

  it("undoes a single verdict from its notice, and the history records the reversal", async () => {
    const id = await claim("Minum air garam cegah virus", 0.85);
    const given = await call(h, "POST", `/api/v1/clusters/${id}/verdict`, {
      headers: home.auth,
      body: { verdict: "false" },
    });
    expect(await cluster(id)).toMatchObject({ status: "done", verdict: "false" });
    const undo = await call(h, "POST", "/api/v1/clusters/undo", {
      headers: home.auth,
      body: { actionId: given.body.actionId },
    });
    expect(undo.status).toBe(200);
    expect(await cluster(id)).toMatchObject({ status: "new", verdict: null });
    const history = await forClinic(h.db.db, home.tenant.id).listClusterVerdictHistory(id);
    expect(history).toMatchObject([{ verdict: "false", reverted_at: expect.any(String) }]);
  });
});
