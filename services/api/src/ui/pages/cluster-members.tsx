/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ItemRow } from "@klinik/db";
import { ExternalLink, Section, UserText } from "../components.tsx";
import { formatDateTime, hasBidi, percent } from "../format.ts";
import type { ClusterPageProps } from "./cluster-props.ts";

/** Members shown before "lihat semua": a 55-member claim stays one screen or two. */
const FEW_MEMBERS = 5;

export /** The first few members, and "lihat semua" with the count when there are more. */
function Members(p: ClusterPageProps) {
  const { t } = p.ctx;
  const shown = p.allMembers ? p.members : p.members.slice(0, FEW_MEMBERS);
  const more = p.members.length - shown.length;
  const klinik = p.readOnly ? new URLSearchParams(p.back.split("?")[1] ?? "").get("klinik") : null;
  const all = new URLSearchParams({
    semua: "1",
    ...(klinik ? { klinik } : p.back !== "/antrean" ? { kembali: p.back } : {}),
  });
  return (
    <Section id="members-h" title={`${t("members")} (${p.cluster.size})`}>
      <ol class="members">
        {shown.map((m) => (
          <Member item={m} {...p} />
        ))}
      </ol>
      {more > 0 ? (
        <p class="more">
          {t("showingMembers")} {shown.length} {t("ofMembers")} {p.members.length} ·{" "}
          <a href={`/klaster/${p.cluster.id}?${all}#members-h`}>
            {t("seeAll")} ({p.members.length})
          </a>
        </p>
      ) : null}
    </Section>
  );
}

function Member(p: ClusterPageProps & { item: ItemRow & { source_name: string | null } }) {
  const { t, lang } = p.ctx;
  const m = p.item;
  return (
    <li class="member card">
      <p class="meta">
        <strong>{m.source_name ?? (m.report_id ? t("publicReport") : "—")}</strong>
        {m.author ? (
          <>
            {" · "}
            <UserText text={m.author} />
          </>
        ) : null}{" "}
        · {formatDateTime(m.published_at ?? m.created_at, p.tz, lang)} · {t("score")} {percent(m.score)} ·{" "}
        <ExternalLink url={m.url} label={t("originalLink")} t={t} />
      </p>
      {m.title ? (
        <h3>
          <UserText text={m.title} />
        </h3>
      ) : null}
      {hasBidi(`${m.title ?? ""}${m.text}`) ? <p class="notice warn small">{t("bidiWarning")}</p> : null}
      <UserText text={m.text} block class="fulltext" />
      <Reporter {...p} />
    </li>
  );
}

/** A public report's contact and ticket, when the service gave them (never to viewers or the public). */
function Reporter(p: ClusterPageProps & { item: ItemRow }) {
  const { t, lang } = p.ctx;
  const r = p.reporters?.get(p.item.id);
  if (!r) return null;
  return (
    <p class="meta reporter" data-reporter>
      {r.ticket ? (
        <>
          {t("reporterTicket")} <code>{r.ticket}</code> ·{" "}
        </>
      ) : null}
      {r.contact ? (
        <>
          {t("reporterContact")}: <UserText text={r.contact} />
        </>
      ) : r.erasedAt ? (
        <>
          {t("reporterContactErased")} {formatDateTime(r.erasedAt, p.tz, lang)}
        </>
      ) : (
        t("reporterNoContact")
      )}
    </p>
  );
}
