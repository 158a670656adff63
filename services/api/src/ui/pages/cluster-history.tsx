/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import { verdictLabel } from "../i18n.ts";
import { CsrfField } from "../layout.tsx";
import type { ClusterPageProps } from "./cluster-props.ts";

/** Verdicts (reverted ones struck through, with who reverted them) and notes, newest first; each verdict can be reverted. */
export function History(p: ClusterPageProps) {
  const { t, lang } = p.ctx;
  type Entry = {
    at: string;
    who: string | null;
    what: string;
    note: string | null;
    actionId?: string | null;
    reverted?: { at: string; by: string | null } | null;
  };
  const entries: Entry[] = [
    ...p.history.map((h) => ({
      at: h.created_at,
      who: h.user_name,
      what: `${verdictLabel(h.verdict, lang)} (${h.items} ${t("items")})`,
      note: h.note,
      actionId: h.action_id,
      reverted: h.reverted_at ? { at: h.reverted_at, by: h.reverted_by_name ?? null } : null,
    })),
    ...p.notes.map((n) => ({
      at: n.created_at,
      who: n.user_name,
      what: t("note").replace(/ \(.*\)$/, ""),
      note: n.body,
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : -1));
  if (entries.length === 0) return <p class="muted">{t("noHistory")}</p>;
  return (
    <ol class="history">
      {entries.map((e) => (
        <li>
          <span class="muted">{formatDateTime(e.at, p.tz, lang)}</span> · <bdi>{e.who ?? "?"}</bdi> ·{" "}
          {e.reverted ? <s>{e.what}</s> : <strong>{e.what}</strong>}
          {e.reverted ? (
            <span class="badge">
              {t("revertedBy")} <bdi>{e.reverted.by ?? "?"}</bdi> · {formatDateTime(e.reverted.at, p.tz, lang)}
            </span>
          ) : null}
          {e.note ? <UserText text={e.note} block class="note" /> : null}
          {e.actionId && !e.reverted && !p.readOnly ? (
            <form method="post" action={`/klaster/${p.cluster.id}/batalkan`} class="inline">
              <CsrfField csrf={p.ctx.csrf} />
              <input type="hidden" name="aksi" value={e.actionId} />
              <input type="hidden" name="kembali" value={p.back} />
              <button type="submit" class="link">
                {t("revert")}
              </button>
            </form>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
