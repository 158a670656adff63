/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { parseReasons } from "@klinik/db";
import { ActionNotice, AssignmentPanel, EvidenceForm, EvidenceList } from "../claim-work.tsx";
import { Notice, ScoreMeter, Section, SeenDates, ShortcutHelp, UserText, VerdictButtons } from "../components.tsx";
import { formatDateTime, percent, safeHttpUrl, truncate } from "../format.ts";
import { statusLabel, verdictLabel } from "../i18n.ts";
import { CsrfField, Layout } from "../layout.tsx";
import { reasonDirection, reasonText } from "../reason-text.ts";

import { History } from "./cluster-history.tsx";
import { Members } from "./cluster-members.tsx";
import type { ClusterPageProps } from "./cluster-props.ts";

export type { ClaimView, ClusterPageProps } from "./cluster-props.ts";

export function ClusterPage(p: ClusterPageProps) {
  const { t, lang, csrf } = p.ctx;
  const rep = p.members.find((m) => m.id === p.cluster.representative_item_id) ?? p.members[0];
  const title = rep ? (rep.title?.trim() ? rep.title : truncate(rep.text, 120)) : p.cluster.id;
  const reasons = [...parseReasons(rep?.reasons ?? null)].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const url = safeHttpUrl(rep?.url);
  return (
    <Layout ctx={p.ctx} title={truncate(title, 60)} page="cluster" wide>
      <div
        class="cluster"
        data-cluster={p.cluster.id}
        data-url={url}
        data-claimed={p.claim.kind === "mine" ? "1" : undefined}
        data-free={p.claim.kind === "free" && !p.readOnly ? "1" : undefined}
      >
        <p class="crumbs">
          <a href={p.back} data-back>
            ← {t("backToQueue")}
          </a>
          {p.nextId ? (
            <>
              {" · "}
              <a href={`/klaster/${p.nextId}?kembali=${encodeURIComponent(p.back)}`} data-next rel="next">
                {t("kNext")} →
              </a>
            </>
          ) : null}
        </p>
        <ActionNotice t={t} csrf={csrf} flash={p.flash} undo={p.undo} back={p.back} claim={p.cluster.id} />
        {p.readOnly ? (
          <Notice tone="warn">
            {t("readingClinic")} <strong>{p.clinicName}</strong>: {t("readOnlyNote")}
          </Notice>
        ) : (
          <ClaimBanner {...p} />
        )}
        <h1>
          <UserText text={title} />
        </h1>
        <p class="meta">
          <ScoreMeter score={p.cluster.max_score} label={`${t("score")} ${percent(p.cluster.max_score)}`} /> ·{" "}
          {p.cluster.size} {t("items")} · {statusLabel(p.cluster.status, lang)}
          {p.cluster.verdict ? ` · ${verdictLabel(p.cluster.verdict, lang)}` : ""} ·{" "}
          <SeenDates first={p.cluster.first_seen_at} last={p.cluster.last_seen_at} tz={p.tz} lang={lang} />
        </p>
        <div class="cols">
          <div class="col-main">
            {p.readOnly ? null : (
              <Section id="verdict-h" title={t("giveVerdict")} class="card">
                <form method="post" action={`/klaster/${p.cluster.id}/putusan`} id="verdict-form">
                  <CsrfField csrf={csrf} />
                  <input type="hidden" name="kembali" value={p.back} />
                  <input type="hidden" name="alur" value="lanjut" />
                  <VerdictButtons lang={lang} disabled={p.claim.kind === "held"} />
                  <label for="v-note">{t("note")}</label>
                  <textarea
                    id="v-note"
                    name="catatan"
                    rows={2}
                    maxlength={5000}
                    disabled={p.claim.kind === "held"}
                  ></textarea>
                </form>
                <div class="actions">
                  <a href={`/klarifikasi/baru?klaster=${p.cluster.id}`}>{t("writeClarification")}</a>
                  {p.claim.kind === "mine" ? <ReleaseForm {...p} /> : null}
                </div>
              </Section>
            )}
            {p.readOnly ? null : (
              <Section id="assign-h" title={t("assignment")} class="card">
                <AssignmentPanel
                  ctx={p.ctx}
                  tz={p.tz}
                  clusterId={p.cluster.id}
                  back={p.back}
                  users={p.users}
                  assignee={p.assignee}
                  closed={p.cluster.status === "done" || p.cluster.status === "dismissed"}
                />
              </Section>
            )}
            {p.escalations}
            <Members {...p} />
          </div>
          <aside class="col-side" aria-label={t("reasons")}>
            <Section id="reasons-h" title={t("reasons")} class="card">
              <ul class="reasons">
                {reasons.map((r) => (
                  <li class={r.weight > 0 ? "up" : "down"}>
                    <bdi>{reasonText(r, lang)}</bdi>{" "}
                    <span class="muted">
                      — {reasonDirection(r, lang)} ({r.weight >= 0 ? "+" : ""}
                      {r.weight.toFixed(2)})
                    </span>
                  </li>
                ))}
              </ul>
            </Section>
            <Section id="evidence-h" title={t("evidence")} class="card">
              <EvidenceList
                t={t}
                rows={p.evidence}
                remove={
                  p.readOnly
                    ? undefined
                    : (e) => (
                        <form method="post" action={`/klaster/${p.cluster.id}/bukti/${e.id}/hapus`} class="inline">
                          <CsrfField csrf={csrf} />
                          <input type="hidden" name="kembali" value={p.back} />
                          <button type="submit" class="link" aria-label={`${t("removeEvidence")}: ${e.title}`}>
                            {t("removeEvidence")}
                          </button>
                        </form>
                      )
                }
              />
              {p.readOnly ? null : (
                <EvidenceForm t={t} csrf={csrf} action={`/klaster/${p.cluster.id}/bukti`} back={p.back} />
              )}
            </Section>
            <Section id="similar-h" title={t("similar")} class="card">
              {p.matches.length === 0 ? (
                <p class="muted">{t("noSimilar")}</p>
              ) : (
                <ul class="similar">
                  {p.matches.map((m) => (
                    <li>
                      <a href={`/k/${m.clinic_slug}/klarifikasi/${m.clarification_id}`}>
                        <UserText text={m.title} />
                      </a>
                      <br />
                      <span class="muted">
                        {verdictLabel(m.verdict, lang)} · {percent(m.similarity)} ·{" "}
                        {m.clinic_slug === p.tenantSlug ? `${m.clinic_name} (${t("ownClinic")})` : m.clinic_name}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section id="history-h" title={t("history")} class="card">
              <History {...p} />
              {p.readOnly ? null : (
                <form method="post" action={`/klaster/${p.cluster.id}/catatan`} class="stack">
                  <CsrfField csrf={csrf} />
                  <label for="n-body">{t("addNote")}</label>
                  <textarea id="n-body" name="isi" rows={2} maxlength={5000} required></textarea>
                  <button type="submit">{t("save")}</button>
                </form>
              )}
            </Section>
          </aside>
        </div>
      </div>
      <ShortcutHelp t={t} lang={lang} page="cluster" />
    </Layout>
  );
}

function ReleaseForm(p: ClusterPageProps) {
  return (
    <form method="post" action={`/klaster/${p.cluster.id}/lepas`} class="inline" data-release>
      <CsrfField csrf={p.ctx.csrf} />
      <input type="hidden" name="kembali" value={p.back} />
      <button type="submit" class="link">
        {p.ctx.t("release")}
      </button>
    </form>
  );
}

function MineNotice(p: ClusterPageProps & { until: string }) {
  const { t, lang } = p.ctx;
  return (
    <Notice tone="ok">
      {t("youReview")} {t("until")} {formatDateTime(p.until, p.tz, lang)}.
    </Notice>
  );
}

function ClaimBanner(p: ClusterPageProps) {
  const { t, lang, csrf } = p.ctx;
  if (p.claim.kind === "mine") return <MineNotice {...p} until={p.claim.until} />;
  if (p.claim.kind === "free") {
    // Without JavaScript the analyst takes the claim with this button; app.js does it on open
    // and swaps in the template's notice and release form.
    return (
      <div id="claim-banner">
        <form method="post" action={`/klaster/${p.cluster.id}/ambil`} class="notice">
          <CsrfField csrf={csrf} />
          <button type="submit">{t("takeClaim")}</button>
        </form>
        <template id="claim-taken">
          <MineNotice {...p} until={p.claimUntil} />
          <ReleaseForm {...p} />
        </template>
      </div>
    );
  }
  if (p.claim.kind === "held") {
    return (
      <Notice tone="warn" id="held">
        {t("heldBy")}{" "}
        <strong>
          <bdi>{p.claim.holderName ?? "?"}</bdi>
        </strong>{" "}
        {t("until")} {formatDateTime(p.claim.until, p.tz, lang)}. {t("heldHint")}
      </Notice>
    );
  }
  return p.cluster.status === "done" || p.cluster.status === "dismissed" ? <Notice>{t("closedClaim")}</Notice> : null;
}
