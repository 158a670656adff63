/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { isVerdict } from "@klinik/core";
import { Hono } from "hono";
import {
  addNote,
  CLAIM_MS,
  giveClaimVerdict,
  nextClaim,
  releaseClaim,
  takeClaim,
} from "../../services/claims.service.ts";
import { claimPage } from "../../services/review.service.ts";
import { verdictOnClaimText } from "../action-text.ts";
import { uiFailure } from "../failure.ts";
import { byId, clinicView, isId, setFlash, setUndo, takeFlash, takeUndo, wantsJson } from "../page-ctx.ts";
import { ClusterPage } from "../pages/cluster.page.tsx";
import { ClaimEscalations } from "../pages/escalations.page.tsx";
import { safeBack } from "../queue-params.ts";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

const missing = { code: "not_found", message: "Cluster not found" } as const;

export const clusterUi = new Hono<UiEnv>()
  // Reading a claim changes nothing; app.js takes it with a POST (/ambil) once the page is open.
  .get("/klaster/:id", requireUiSession, async (c) => {
    // `?klinik=`: a province reads one of its regencies' claims (read only).
    const clinicId = c.req.query("klinik");
    const r = await byId(c.req.param("id"), missing, (id) =>
      claimPage(c.var.deps, c.var.principal, id, isId(clinicId) ? clinicId : undefined),
    );
    if (!r.ok) return uiFailure(c, r.error);
    const v = r.value;
    const view = clinicView(c);
    const back = v.readOnly
      ? `/antrean?klinik=${encodeURIComponent(v.clinic.id)}`
      : safeBack(c.req.query("kembali") ?? "");
    return c.html(
      <ClusterPage
        {...view}
        clinicName={v.readOnly ? v.clinic.name : view.clinicName}
        readOnly={v.readOnly}
        escalations={
          <ClaimEscalations
            ctx={view.ctx}
            tz={view.tz}
            clusterId={v.cluster.id}
            rows={v.escalations}
            canEscalate={v.canEscalate}
            incoming={v.readOnly}
          />
        }
        cluster={v.cluster}
        members={v.members}
        matches={v.matches}
        history={v.history}
        notes={v.notes}
        claim={v.state}
        claimUntil={new Date(Date.now() + CLAIM_MS).toISOString()}
        nextId={v.next}
        back={back}
        evidence={v.evidence}
        reporters={v.reporters}
        users={v.users}
        assignee={v.assignee}
        flash={takeFlash(c)}
        undo={takeUndo(c)}
        allMembers={c.req.query("semua") === "1"}
      />,
    );
  })
  .post("/klaster/:id/ambil", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const r = await byId(id, missing, (clusterId) => takeClaim(c.var.deps, c.var.principal, clusterId));
    if (!r.ok) return uiFailure(c, r.error);
    return wantsJson(c) ? c.json({ until: r.value.until }) : c.redirect(`/klaster/${id}`, 303);
  })
  .post("/klaster/:id/putusan", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const { form, t } = c.var;
    const verdict = field(form, "verdict");
    if (!isVerdict(verdict)) return uiFailure(c, { code: "invalid_request", message: "verdict" });
    const note = field(form, "catatan").trim().slice(0, 5000) || null;
    const r = await byId(id, missing, (clusterId) =>
      giveClaimVerdict(c.var.deps, c.var.principal, { clusterId, verdict, note }),
    );
    if (!r.ok) return uiFailure(c, r.error);
    const said = verdictOnClaimText(t, c.var.lang, verdict, r.value.label, r.value.members);
    if (wantsJson(c)) {
      return c.json({ ok: true, members: r.value.members, actionId: r.value.actionId, message: said });
    }
    setUndo(c, r.value.actionId);
    const back = safeBack(field(form, "kembali"));
    // From the claim page the loop goes on to the next open claim, as in the queue: opened, not taken.
    if (field(form, "alur") === "lanjut") {
      const next = await nextClaim(c.var.deps, c.var.principal, { score: r.value.maxScore, id: r.value.clusterId });
      if (next) {
        setFlash(c, `${said}. ${t("nextNotTaken")}`);
        return c.redirect(`/klaster/${next}?kembali=${encodeURIComponent(back)}`, 303);
      }
    }
    setFlash(c, `${said}.`);
    return c.redirect(back, 303);
  })
  // app.js renews the claim while the page is open; 409 tells it someone else has it now.
  .post("/klaster/:id/perpanjang", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => takeClaim(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    return c.json({ until: r.value.until });
  })
  .post("/klaster/:id/lepas", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => releaseClaim(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect(safeBack(field(c.var.form, "kembali")), 303);
  })
  .post("/klaster/:id/catatan", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const body = field(c.var.form, "isi").trim().slice(0, 5000);
    const r = await byId(id, missing, (clusterId) => addNote(c.var.deps, c.var.principal, { clusterId, body }));
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect(`/klaster/${id}`, 303);
  });
