import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClinicDb,
  clinicModels,
  createSession,
  createTenant,
  createUser,
  findUsableLink,
  forClinic,
  forClinicNotifications,
  listAudit,
  newId,
  sha256,
} from "./index.ts";
import { createTestDb, testItem, testPostgresUrl } from "./testing.ts";

const dialects = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])] as const;
const METHODS = Object.getOwnPropertyNames(ClinicDb.prototype).filter((m) => m !== "constructor");

/** The handle, noting every method called through it. */
function tracked(clinic: ClinicDb, called: Set<string>): ClinicDb {
  return new Proxy(clinic, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof key !== "string" || typeof value !== "function") return value;
      called.add(key);
      return value.bind(target);
    },
  });
}

for (const dialect of dialects) {
  describe(`ClinicDb on ${dialect}`, () => {
    let h: Awaited<ReturnType<typeof createTestDb>>;
    const called = new Set<string>();
    afterAll(async () => h?.close());
    beforeAll(async () => {
      h = await createTestDb(dialect);
    });

    it("runs every method under the guard, each seeing only its clinic (and others' published answers)", async () => {
      const a = await createTenant(h.db, { slug: "a", name: "Klinik A" });
      const b = await createTenant(h.db, { slug: "b", name: "Klinik B" });
      const ana = await createUser(h.db, {
        tenantId: a.id,
        email: "ana@a.test",
        name: "Ana",
        password: "x".repeat(8),
        role: "analyst",
      });
      const bob = await createUser(h.db, {
        tenantId: b.id,
        email: "bob@b.test",
        name: "Bob",
        password: "x".repeat(8),
        role: "analyst",
      });
      const c = tracked(forClinic(h.db, a.id), called);
      const other = forClinic(h.db, b.id);
      expect(c.tenantId).toBe(a.id);

      // sources
      const src = await c.createSource({ kind: "rss", name: "Sumber", url: "https://a.test/rss", scheduleSec: 60 });
      expect((await c.listSources()).map((s) => s.id)).toEqual([src.id]);
      expect(await other.listSources()).toEqual([]);
      expect((await c.findSourceByUrl(src.url))?.id).toBe(src.id);
      const later = new Date(Date.now() + 60_000).toISOString();
      await c.recordFetchSuccess(src.id, { status: 200, etag: "e", lastModified: null, added: 1, nextFetchAt: later });
      expect(
        await c.recordFetchFailure(src.id, { status: 500, error: "HTTP 500", nextFetchAt: later, pauseAfter: 1 }),
      ).toEqual({ failures: 1, paused: true });
      expect((await c.setSourceEnabled(src.id, true))?.enabled).toBe(1);
      await c.recordWebhookDelivery(src.id, 2);
      expect((await c.getSource(src.id))?.items_added).toBe(3);
      expect(await other.getSource(src.id)).toBeUndefined();

      // items and reports
      const { pendingIds } = await c.insertItems([
        testItem("k1", { sourceId: src.id }),
        testItem("k2", { sourceId: src.id }),
        testItem("k3"),
      ]);
      const [i1, i2, i3] = pendingIds as [string, string, string];
      expect(await c.existingDedupKeys(["k1", "k9"])).toEqual(new Set(["k1"]));
      expect(await c.getPendingItems(pendingIds)).toHaveLength(3);
      const { itemId: i4, ticket } = await c.createReport({ text: "laporan", url: null, contact: "0812" });
      expect(await c.reportProgress(ticket)).toMatchObject({ ticket, itemStatus: "pending", verdict: null });
      expect(await other.reportProgress(ticket)).toBeUndefined();
      expect((await c.reportContactsOfItems([i4])).get(i4)).toMatchObject({ contact: "0812", erasedAt: null, ticket });
      expect((await other.reportContactsOfItems([i4])).get(i4)).toBeUndefined();
      const future = new Date(Date.now() + 60_000).toISOString();
      expect(await other.eraseContactsReceivedBefore(future, future)).toBe(0);
      expect((await c.reportContactsOfItems([i4])).get(i4)).toMatchObject({ contact: "0812" });
      expect(await c.eraseContactsReceivedBefore(future, future)).toBe(1);
      expect((await c.reportContactsOfItems([i4])).get(i4)).toMatchObject({ contact: null, erasedAt: future });
      expect(await c.countItems("pending")).toBe(4);
      expect(await other.countItems()).toBe(0);

      // another clinic publishes an answer
      const {
        pendingIds: [j1],
      } = await other.insertItems([testItem("k1")]);
      const draft = await other.createClarification({
        title: "Jawaban B",
        body: "Tidak benar",
        verdict: "false",
        itemIds: [j1 ?? ""],
        userId: bob.id,
      });
      if (!draft.ok) throw new Error("draft not created");
      await other.publishClarification(draft.clarification.id);
      const answer = draft.clarification.id;

      // scoring and clusters
      const [k1, k2, k3] = [newId(), newId(), newId()];
      const scored = (itemId: string, clusterId: string, score: number) => ({
        itemId,
        result: { score, reasons: [] },
        clusterId,
        signature: "AA==",
        matches: [],
      });
      const batch = await c.storeScoredBatch("m", [
        {
          ...scored(i1, k1, 0.9),
          matches: [{ clarificationId: answer, similarity: 0.9 }],
          suggestions: [{ clusterId: k2, similarity: 0.4 }],
        },
        scored(i2, k1, 0.7),
        scored(i3, k2, 0.5),
      ]);
      expect(batch.ids.size).toBe(3);
      expect(await c.storeScoredItems("m", [{ ...scored(i4, k3, 0.2), signature: "" }])).toEqual(new Set([i4]));
      expect(await c.signaturesAfter(0, 10)).toHaveLength(4);
      expect((await c.listClusterSignatures(k1)).map((s) => s.item_id).sort()).toEqual([i1, i2].sort());
      expect(await other.listClusterSignatures(k1)).toEqual([]);
      expect(await c.getCluster(k1)).toMatchObject({ size: 2, max_score: 0.9 });
      expect((await c.listSuggestedClusters(k1)).map((g) => g.cluster_id)).toEqual([k2]);
      expect(await c.clusterSources([k1, k3])).toEqual(
        new Map([
          [k1, ["Sumber"]],
          [k3, ["Laporan publik"]],
        ]),
      );
      expect(await c.listClusterMembers(k1)).toHaveLength(2);
      expect(await c.listItemMatches([i1])).toMatchObject([
        { item_id: i1, title: "Jawaban B", clinic_name: "Klinik B" },
      ]);
      expect(await c.markClustersWithClarification(answer, new Map([[k2, 0.8]]))).toBe(1);
      expect((await c.listQueue({ statuses: ["new"], limit: 10 })).map((r) => r.id)).toEqual([i1, i2, i3, i4]);
      expect((await c.getItem(i1))?.cluster_id).toBe(k1);

      // review
      const rows = await c.listReviewQueue({ statuses: ["new"], limit: 10, q: "TEKS", sourceId: src.id });
      expect(rows).toMatchObject([
        { id: k1, sources: ["Sumber"], matches: [{ title: "Jawaban B", clinic_slug: "b" }] },
      ]);
      expect(await other.listReviewQueue({ statuses: ["new"], limit: 10 })).toEqual([]);
      expect(await c.claimCluster({ clusterId: k1, userId: ana.id, until: later })).toEqual({
        kind: "claimed",
        until: later,
      });
      expect(await other.claimCluster({ clusterId: k1, userId: bob.id, until: later })).toBeUndefined();
      await c.releaseClaim(k1, ana.id);
      await c.claimCluster({ clusterId: k2, userId: ana.id, until: new Date(Date.now() - 1_000).toISOString() });
      expect(await c.releaseExpiredClaims()).toBe(1);
      expect(await c.nextOpenCluster({ score: 0.9, id: k1 }, ana.id)).toBe(k2);
      expect(await c.countNewClusters("2000-01-01T00:00:00.000Z")).toBe(3);
      expect(await c.addClusterNote({ clusterId: k1, userId: ana.id, body: "cek sumber" })).toBe(true);
      expect(await other.addClusterNote({ clusterId: k1, userId: bob.id, body: "x" })).toBe(false);
      expect(await c.listClusterNotes(k1)).toMatchObject([{ body: "cek sumber", user_name: "Ana" }]);
      expect(await c.recordClusterVerdict({ clusterId: k1, userId: ana.id, verdict: "false", note: "hoaks" })).toEqual({
        members: 2,
      });
      expect(await c.listClusterVerdictHistory(k1)).toMatchObject([{ verdict: "false", items: 2, user_name: "Ana" }]);
      expect((await c.recordVerdict({ itemId: i4, userId: ana.id, verdict: "true", note: null }))?.verdict).toBe(
        "true",
      );
      expect(await c.listVerdicts(i4)).toHaveLength(1);
      // Another clinic's person cannot be assigned a claim.
      expect(await c.applyBulk(ana.id, [k2], { kind: "assign", assigneeId: bob.id, due: later })).toEqual({
        applied: 0,
        skipped: 1,
        actionId: null,
      });
      const bulk = await c.applyBulk(ana.id, [k2, k3], { kind: "dismiss" });
      expect(bulk).toMatchObject({ applied: 2, skipped: 0 });

      // undo of a review action, assignment, soft locks let go on logout, evidence; another clinic's out of reach
      const actionId = bulk.actionId ?? "";
      expect((await c.reviewActions.getReviewAction(actionId))?.clusters).toHaveLength(2);
      expect(await other.reviewActions.getReviewAction(actionId)).toBeUndefined();
      expect(await other.reviewActions.undoReviewAction({ actionId, userId: bob.id })).toBeUndefined();
      expect((await c.reviewActions.undoReviewAction({ actionId, userId: ana.id }))?.reverted.sort()).toEqual(
        [k2, k3].sort(),
      );
      expect(await c.getCluster(k2)).toMatchObject({ status: "new", verdict: null });
      expect(await c.reviewActions.startReviewAction({ userId: ana.id, kind: "verdict", verdict: "true" })).toEqual(
        expect.any(String),
      );
      const due = new Date(Date.now() + 3600_000).toISOString();
      expect(
        await other.assignment.assignClusters({ clusterIds: [k2], assigneeId: bob.id, assignedBy: bob.id, due }),
      ).toBe(0);
      expect(await c.assignment.assignClusters({ clusterIds: [k2], assigneeId: ana.id, assignedBy: ana.id, due })).toBe(
        1,
      );
      await c.claimCluster({ clusterId: k2, userId: ana.id, until: due });
      expect(await other.assignment.releaseLocksOf(ana.id)).toBe(0);
      expect(await c.assignment.releaseLocksOf(ana.id)).toBe(1);
      expect(await c.getCluster(k2)).toMatchObject({
        status: "new",
        claimed_by: null,
        assignee_id: ana.id,
        due_at: due,
      });
      const proof = { url: "https://contoh.test/siaran", title: "Siaran pers", kind: "official" as const };
      expect(await other.evidence.addEvidence({ owner: { cluster: k2 }, ...proof, userId: bob.id })).toBeUndefined();
      const ev = await c.evidence.addEvidence({ owner: { cluster: k2 }, ...proof, userId: ana.id });
      if (!ev || ev === "full") throw new Error("evidence not added");
      expect(await c.evidence.listEvidence({ cluster: k2 })).toMatchObject([proof]);
      expect(await other.evidence.listEvidence({ cluster: k2 })).toEqual([]);
      expect(await other.evidence.removeEvidence({ cluster: k2 }, ev.id)).toBeUndefined();
      expect((await c.evidence.removeEvidence({ cluster: k2 }, ev.id))?.id).toBe(ev.id);
      expect((await c.listTenantUsers()).map((u) => u.name)).toEqual(["Ana"]);

      // clarifications
      const made = await c.createClarification({
        title: "Jawaban A",
        body: "Salah",
        verdict: "false",
        itemIds: [i1],
        userId: ana.id,
      });
      if (!made.ok) throw new Error("clarification not created");
      expect((await c.getClarification(made.clarification.id))?.item_ids).toEqual([i1]);
      // The editing lock on a clarification: only the clinic's own, and only its holder lets go.
      const lockUntil = new Date(Date.now() + 60_000).toISOString();
      const lockOn = { id: made.clarification.id, until: lockUntil };
      expect(await other.assignment.lockClarification({ ...lockOn, userId: bob.id })).toBeUndefined();
      expect(await c.assignment.lockClarification({ ...lockOn, userId: ana.id })).toMatchObject({ kind: "locked" });
      expect(await other.assignment.clarificationLockHolder(made.clarification.id)).toBeUndefined();
      expect(await c.assignment.clarificationLockHolder(made.clarification.id)).toMatchObject({ id: ana.id });
      expect(await other.assignment.unlockClarification(made.clarification.id, ana.id)).toBe(false);
      expect(await c.assignment.unlockClarification(made.clarification.id, ana.id)).toBe(true);
      // approval: draft → pending (submitted) → draft (sent back) → published; a move from the wrong status does nothing
      const id = made.clarification.id;
      expect(await c.moveClarification(id, { from: ["draft"], to: "pending", userId: ana.id })).toMatchObject({
        moved: true,
        clarification: { status: "pending", submitted_by: ana.id },
      });
      expect(await c.moveClarification(id, { from: ["draft"], to: "pending", userId: ana.id })).toMatchObject({
        moved: false,
      });
      expect(await other.moveClarification(id, { from: ["pending"], to: "draft", userId: bob.id })).toBeUndefined();
      expect(
        (await c.moveClarification(id, { from: ["pending"], to: "draft", userId: ana.id }))?.clarification,
      ).toMatchObject({ status: "draft", submitted_by: null });
      expect((await c.publishClarification(made.clarification.id))?.status).toBe("published");
      expect(await c.listClarifications({ limit: 10 })).toHaveLength(1);
      expect(await c.listPublishedClarifications({ limit: 10 })).toHaveLength(1);
      expect((await c.clarificationAppearances(made.clarification.id)).map((r) => r.id)).toEqual([i1]);
      expect(await other.clarificationAppearances(made.clarification.id)).toEqual([]);
      const period = {
        fromIso: new Date(Date.now() - 86_400_000).toISOString(),
        toIso: new Date(Date.now() + 86_400_000).toISOString(),
        offsetMinutes: 420,
        top: 5,
        publicOnly: false,
      };
      const mine = await c.clinicStats(period);
      expect(mine.items.reduce((n, r) => n + r.n, 0)).toBeGreaterThan(0);
      expect(mine.items.every((r) => r.tenant_id === null || r.tenant_id === a.id)).toBe(true);
      expect(mine.top.every((r) => r.tenant_id === a.id)).toBe(true);
      expect(await other.getClarification(made.clarification.id)).toBeUndefined();

      // audit trail: appended to this clinic only, and never changed afterwards
      await c.recordAudit({ actorId: ana.id, actorLabel: "ana@a.test", action: "claim.verdict", targetId: k1 });
      expect(await listAudit(h.db, { clinics: [a.id], limit: 10 })).toMatchObject([{ action: "claim.verdict" }]);
      expect(await listAudit(h.db, { clinics: [b.id], limit: 10 })).toEqual([]);
      await c.recordAudit({
        actorId: ana.id,
        actorLabel: "ana@a.test",
        action: "note.add",
        targetType: "cluster",
        targetId: k1,
      });
      expect(await c.listAuditFor({ type: "cluster", id: k1 })).toMatchObject([
        { action: "note.add", actor_label: "ana@a.test" },
      ]);
      expect(await other.listAuditFor({ type: "cluster", id: k1 })).toEqual([]);
      await expect(h.db.updateTable("audit_log").set({ action: "x" }).execute()).rejects.toThrow(/append-only/);
      await expect(h.db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);

      // people: sessions, password, two-factor, links, tokens, deactivation (another clinic's person is out of reach)
      expect((await c.listPeople()).map((p) => p.email)).toEqual(["ana@a.test"]);
      expect(await c.getPerson(bob.id)).toBeUndefined();
      const s1 = await createSession(h.db, ana, 1);
      await createSession(h.db, ana, 1);
      expect(await c.listSessionsOf(ana.id)).toHaveLength(2);
      expect(await c.setPasswordHash(ana.id, "scrypt$x", sha256(s1.token))).toBe(1);
      expect((await c.getPerson(ana.id))?.password_hash).toBe("scrypt$x");
      expect(await c.endSessionsOf(ana.id, null)).toBe(1);
      expect(await c.listSessionsOf(ana.id)).toEqual([]);
      await c.setTotp(ana.id, { secret: "ABC", enabled: true });
      expect((await c.getPerson(ana.id))?.totp_enabled).toBe(1);
      expect(await c.setPersonRole(ana.id, "publisher")).toBe(true);
      expect(await other.setPersonRole(ana.id, "admin")).toBe(false);
      const link = await c.createOneTimeLink({
        purpose: "invite",
        userId: null,
        email: "Baru@A.test",
        name: "Baru",
        role: "viewer",
        createdBy: ana.id,
      });
      expect((await findUsableLink(h.db, link.token))?.email).toBe("baru@a.test");
      const [open] = await c.listOpenInvites();
      expect(open).toMatchObject({ email: "baru@a.test", role: "viewer" });
      expect(await other.listOpenInvites()).toEqual([]);
      expect(await other.withdrawInvite(open?.id ?? "")).toBeUndefined();
      expect((await c.withdrawInvite(open?.id ?? ""))?.email).toBe("baru@a.test");
      expect(await findUsableLink(h.db, link.token)).toBeUndefined();
      expect(await c.listOpenInvites()).toEqual([]);
      const tok = await c.createApiToken({ name: "bridge", scopes: ["read", "read", "ingest"], createdBy: ana.id });
      expect(tok.token.startsWith("khk_")).toBe(true);
      expect(await c.listApiTokens()).toMatchObject([
        { name: "bridge", scopes: ["read", "ingest"], created_by_name: "Ana" },
      ]);
      expect(await other.listApiTokens()).toEqual([]);
      expect(await other.revokeApiToken(tok.row.id)).toBeUndefined();
      expect(await other.deactivatePerson(ana.id)).toBeUndefined();
      expect(await c.deactivatePerson(ana.id)).toEqual({ sessions: 0, tokens: 1 });
      expect(await other.reactivatePerson(ana.id)).toBe(false);
      expect(await c.reactivatePerson(ana.id)).toBe(true);
      expect(await c.reactivatePerson(ana.id)).toBe(false);
      expect((await c.revokeApiToken(tok.row.id))?.revoked_at).toEqual(expect.any(String));

      // the clinic itself, and its claims handed up to a province (another clinic's claim is out of reach)
      expect(await c.getClinic()).toMatchObject({ id: a.id, slug: "a", display_name: null });
      expect(await c.updateClinic({ display_name: "Klinik Hoaks A", require_approval: true })).toMatchObject({
        before: { display_name: null, require_approval: 0 },
        after: { display_name: "Klinik Hoaks A", require_approval: 1 },
      });
      expect((await other.getClinic())?.display_name).toBeNull();
      const esc = { clusterId: k1, provinceId: b.id, reason: "ke provinsi", userId: ana.id };
      expect((await c.escalateCluster(esc))?.kind).toBe("created");
      expect((await c.escalateCluster({ ...esc, reason: null }))?.kind).toBe("open");
      expect(await other.escalateCluster({ ...esc, userId: bob.id })).toBeUndefined();
      expect(await c.listEscalations({ limit: 10 })).toMatchObject([
        { cluster_id: k1, clinic_name: "Klinik A", created_by_name: "Ana", status: "open", reason: "ke provinsi" },
      ]);
      expect(await other.listEscalations({ limit: 10 })).toEqual([]);

      // the model registry, training rows and re-scoring
      const run = {
        version: "lr-a-1",
        base_version: "lr-base",
        outcome: "promoted" as const,
        trigger: "request" as const,
        verdicts: 10,
        positives: 5,
        held_out: 5,
        metrics: "{}",
        refusal: null,
        trained_through: null,
        train_ms: 5,
        artefact: "QUJD",
        artefact_bytes: 3,
      };
      const first = await clinicModels(h.db, a.id).recordModelRun(run);
      const second = await clinicModels(h.db, a.id).recordModelRun({ ...run, version: "lr-a-2" });
      expect((await clinicModels(h.db, a.id).getActiveModel())?.id).toBe(second.id);
      expect(await clinicModels(h.db, b.id).getActiveModel()).toBeUndefined();
      expect(await clinicModels(h.db, a.id).getModelArtefact("lr-a-1")).toBe("QUJD");
      expect(await clinicModels(h.db, b.id).getModelArtefact("lr-a-1")).toBeUndefined();
      expect(await clinicModels(h.db, b.id).activateModelRun(first.id)).toBeUndefined();
      expect((await clinicModels(h.db, a.id).activateModelRun(first.id))?.active).toBe(1);
      expect((await clinicModels(h.db, a.id).getModelRun(second.id))?.active).toBe(0);
      expect(await clinicModels(h.db, b.id).getModelRun(first.id)).toBeUndefined();
      expect((await clinicModels(h.db, a.id).listModelRuns()).map((r) => r.id).sort()).toEqual(
        [first.id, second.id].sort(),
      );
      expect(await clinicModels(h.db, b.id).listModelRuns()).toEqual([]);
      expect((await clinicModels(h.db, a.id).listTrainingVerdicts()).map((v) => [v.itemId, v.verdict])).toContainEqual([
        i4,
        "true",
      ]);
      expect(await clinicModels(h.db, b.id).listTrainingVerdicts()).toEqual([]);
      const fresh = (await c.insertItems([testItem("k9")])).pendingIds[0] ?? "";
      await c.storeScoredItems("m", [scored(fresh, newId(), 0.1)]);
      const openIds = await clinicModels(h.db, a.id).listOpenItemIds("", 100);
      expect(openIds.length).toBeGreaterThan(0);
      expect(await clinicModels(h.db, b.id).listOpenItemIds("", 100)).toEqual([]);
      const openItems = await clinicModels(h.db, a.id).getOpenItemsForScoring(openIds);
      // what a rollback's confirmation counts: the open items a re-scoring with that version would change
      expect(await clinicModels(h.db, a.id).countOpenItemsToRescore("lr-a-1")).toBe(openIds.length);
      expect(await clinicModels(h.db, b.id).countOpenItemsToRescore("lr-a-1")).toBe(0);
      expect(await clinicModels(h.db, b.id).getOpenItemsForScoring(openIds)).toEqual([]);
      const rescored = openItems.map((it) => ({ id: it.id, result: { score: 0.42, reasons: [] } }));
      expect(await clinicModels(h.db, b.id).storeRescored("lr-b", rescored)).toBe(0);
      expect(await clinicModels(h.db, a.id).storeRescored("lr-a-1", rescored)).toBe(openItems.length);
      expect(await c.getItem(openItems[0]?.id ?? "")).toMatchObject({ score: 0.42, model_version: "lr-a-1" });
      expect(await clinicModels(h.db, a.id).countOpenItemsToRescore("lr-a-1")).toBe(0);
      expect(await clinicModels(h.db, a.id).countOpenItemsToRescore("lr-a-2")).toBe(openIds.length);
      // notifications: each person's choices and the clinic's channels (another clinic's person is out of reach)
      expect(await forClinicNotifications(h.db, a.id).getNotificationPrefs(ana.id)).toMatchObject({
        enabled: 0,
        min_score: 0.8,
      });
      const prefs = { enabled: 1, min_score: 0.5, assigned: 1, telegram_chat_id: "42", email_digest: 1 };
      await forClinicNotifications(h.db, a.id).saveNotificationPrefs(ana.id, prefs);
      expect(await forClinicNotifications(h.db, a.id).prefsOfUsers([ana.id, bob.id])).toMatchObject([
        { user_id: ana.id, telegram_chat_id: "42" },
      ]);
      expect(await forClinicNotifications(h.db, b.id).prefsOfUsers([ana.id])).toEqual([]);
      expect(await forClinicNotifications(h.db, b.id).getNotificationPrefs(ana.id)).toMatchObject({ enabled: 0 });
      expect(await forClinicNotifications(h.db, a.id).telegramSubscribers(0.9)).toMatchObject([
        { user_id: ana.id, telegram_chat_id: "42" },
      ]);
      expect(await forClinicNotifications(h.db, a.id).telegramSubscribers(0.4)).toEqual([]);
      expect(await forClinicNotifications(h.db, b.id).telegramSubscribers(0.9)).toEqual([]);
      expect(await forClinicNotifications(h.db, a.id).digestRecipients()).toMatchObject([
        { user_id: ana.id, email: "ana@a.test" },
      ]);
      const always = { since: "2000-01-01T00:00:00.000Z", until: "2999-01-01T00:00:00.000Z", minScore: 0, limit: 50 };
      expect((await forClinicNotifications(h.db, a.id).claimsForDigest(always)).map((x) => x.id)).toContain(k1);
      expect(await forClinicNotifications(h.db, b.id).claimsForDigest(always)).toEqual([]);
      await forClinicNotifications(h.db, b.id).markDigestSent(ana.id, "2030-01-01T00:00:00.000Z");
      await forClinicNotifications(h.db, a.id).markDigestSent(ana.id, "2026-01-01T00:00:00.000Z");
      expect((await forClinicNotifications(h.db, a.id).digestRecipients())[0]?.digest_sent_at).toBe(
        "2026-01-01T00:00:00.000Z",
      );
      expect(await forClinicNotifications(h.db, a.id).getNotifyChannels()).toEqual({
        telegram_bot_token: null,
        email_digest: 0,
      });
      await forClinicNotifications(h.db, a.id).saveNotifyChannels({ telegram_bot_token: "123:abc", email_digest: 1 });
      await forClinicNotifications(h.db, a.id).saveNotifyChannels({ email_digest: 1 });
      expect(await forClinicNotifications(h.db, a.id).getNotifyChannels()).toEqual({
        telegram_bot_token: "123:abc",
        email_digest: 1,
      });
      expect(await forClinicNotifications(h.db, b.id).getNotifyChannels()).toEqual({
        telegram_bot_token: null,
        email_digest: 0,
      });

      expect(METHODS.filter((m) => !called.has(m))).toEqual([]);
    });
  });
}
