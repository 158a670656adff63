/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { isVerdict } from "@klinik/core";
import {
  addClusterNote,
  claimCluster,
  getCluster,
  heldByOther,
  listClusterMembers,
  listClusterNotes,
  listClusterVerdictHistory,
  listItemMatches,
  nextOpenCluster,
  recordClusterVerdict,
  releaseClaim,
} from "@klinik/db";
import { Hono } from "hono";
import { isId, pageCtx, setFlash, wantsJson } from "../page-ctx.ts";
import { type ClaimView, ClusterPage } from "../pages/cluster.page.tsx";
import { errorPage } from "../pages/error-page.tsx";
import { safeBack } from "../queue-params.ts";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

/** A claim lasts this long; app.js renews it while the page stays open. */
export const CLAIM_MS = 15 * 60_000;
const claimUntil = () => new Date(Date.now() + CLAIM_MS).toISOString();

export const clusterUi = new Hono<UiEnv>()
  .get("/klaster/:id", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const { db } = c.var.deps;
    const { tenant, user } = c.var.principal;
    const cluster = isId(id) ? await getCluster(db, tenant.id, id) : undefined;
    if (!cluster) return errorPage(c, 404, c.var.t("notFound"));
    // Opening a claim takes it, so nobody else works on it at the same time.
    const res = await claimCluster(db, tenant.id, { clusterId: cluster.id, userId: user.id, until: claimUntil() });
    const claim: ClaimView =
      res?.kind === "claimed"
        ? { kind: "mine", until: res.until }
        : res?.kind === "held"
          ? { kind: "held", holderName: res.holderName, until: res.until }
          : { kind: "closed" };
    const fresh = (await getCluster(db, tenant.id, cluster.id)) ?? cluster;
    const members = await listClusterMembers(db, tenant.id, cluster.id);
    const [matchRows, history, notes, next] = await Promise.all([
      listItemMatches(
        db,
        tenant.id,
        members.map((m) => m.id),
      ),
      listClusterVerdictHistory(db, tenant.id, cluster.id),
      listClusterNotes(db, tenant.id, cluster.id),
      nextOpenCluster(db, tenant.id, { score: cluster.max_score, id: cluster.id }, user.id),
    ]);
    const seen = new Set<string>();
    const matches = matchRows.filter((m) => !seen.has(m.clarification_id) && seen.add(m.clarification_id));
    return c.html(
      <ClusterPage
        ctx={pageCtx(c)}
        tz={tenant.timezone}
        tenantSlug={tenant.slug}
        cluster={fresh}
        members={members}
        matches={matches}
        history={history}
        notes={notes}
        claim={claim}
        nextId={next}
        back={safeBack(c.req.query("kembali") ?? "")}
      />,
    );
  })
  .post("/klaster/:id/putusan", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const { db } = c.var.deps;
    const { tenant, user } = c.var.principal;
    const { form, t } = c.var;
    const cluster = isId(id) ? await getCluster(db, tenant.id, id) : undefined;
    if (!cluster) {
      return wantsJson(c)
        ? c.json({ error: { code: "not_found", message: "Cluster not found" } }, 404)
        : errorPage(c, 404, t("notFound"));
    }
    if (heldByOther(cluster, user.id)) {
      return wantsJson(c)
        ? c.json({ error: { code: "claimed", message: t("heldHint") } }, 409)
        : errorPage(c, 409, `${t("heldBy")} … ${t("heldHint")}`);
    }
    const verdict = field(form, "verdict");
    if (!isVerdict(verdict)) {
      return wantsJson(c)
        ? c.json({ error: { code: "invalid_request", message: "verdict: invalid" } }, 400)
        : errorPage(c, 400, t("invalidInput"));
    }
    const note = field(form, "catatan").trim().slice(0, 5000) || null;
    const r = await recordClusterVerdict(db, tenant.id, { clusterId: cluster.id, userId: user.id, verdict, note });
    if (wantsJson(c)) return c.json({ ok: true, members: r?.members ?? 0 });
    setFlash(c, `${t("verdictSaved")}.`);
    const back = safeBack(field(form, "kembali"));
    // From the claim page the loop goes on to the next open claim, as in the queue.
    if (field(form, "alur") === "lanjut") {
      const next = await nextOpenCluster(db, tenant.id, { score: cluster.max_score, id: cluster.id }, user.id);
      if (next) return c.redirect(`/klaster/${next}?kembali=${encodeURIComponent(back)}`, 303);
    }
    return c.redirect(back, 303);
  })
  // app.js renews the claim while the page is open; 409 tells it someone else has it now.
  .post("/klaster/:id/perpanjang", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const { tenant, user } = c.var.principal;
    const res = isId(id)
      ? await claimCluster(c.var.deps.db, tenant.id, { clusterId: id, userId: user.id, until: claimUntil() })
      : undefined;
    if (!res) return c.json({ error: { code: "not_found", message: "Cluster not found" } }, 404);
    if (res.kind !== "claimed") return c.json({ error: { code: "claimed", message: "Claim not held" } }, 409);
    return c.json({ until: res.until });
  })
  .post("/klaster/:id/lepas", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const { tenant, user } = c.var.principal;
    if (isId(id)) await releaseClaim(c.var.deps.db, tenant.id, id, user.id);
    return c.redirect(safeBack(field(c.var.form, "kembali")), 303);
  })
  .post("/klaster/:id/catatan", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const { tenant, user } = c.var.principal;
    const body = field(c.var.form, "isi").trim().slice(0, 5000);
    if (!body) return errorPage(c, 400, c.var.t("invalidInput"));
    const ok = isId(id) && (await addClusterNote(c.var.deps.db, tenant.id, { clusterId: id, userId: user.id, body }));
    if (!ok) return errorPage(c, 404, c.var.t("notFound"));
    return c.redirect(`/klaster/${id}`, 303);
  });
