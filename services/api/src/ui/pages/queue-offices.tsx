/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { EscalationView } from "@klinik/db";
import { Notice, Section } from "../components.tsx";
import type { PageCtx } from "../layout.tsx";
import { EscalationList } from "./escalations.page.tsx";

/**
 * Above a province's queue: which clinic's queue it shows (its own, or a
 * regency's, read only), and the escalations waiting for it. Empty for others.
 */
export function QueueOffices(p: {
  ctx: PageCtx & { csrf: string };
  tz: string;
  ownId: string;
  reading: { id: string; name: string };
  readOnly: boolean;
  clinics: { id: string; name: string }[];
  incoming: EscalationView[];
}) {
  const { t } = p.ctx;
  return (
    <>
      {p.clinics.length > 0 ? (
        <form method="get" action="/antrean" class="filters switcher">
          <label for="q-klinik">{t("switchClinic")}</label>
          <select id="q-klinik" name="klinik">
            {p.clinics.map((c) => (
              <option value={c.id === p.ownId ? "" : c.id} selected={c.id === p.reading.id}>
                {c.id === p.ownId ? `${c.name} (${t("ownClinic")})` : c.name}
              </option>
            ))}
          </select>
          <button type="submit">{t("apply")}</button>
        </form>
      ) : null}
      {p.readOnly ? (
        <Notice tone="warn">
          {t("readingClinic")} <strong data-reading>{p.reading.name}</strong>: {t("readOnlyNote")}
        </Notice>
      ) : null}
      {!p.readOnly && p.incoming.length > 0 ? (
        <Section id="incoming-h" title={t("escalationsIncoming")} class="card">
          <EscalationList ctx={p.ctx} tz={p.tz} rows={p.incoming} incoming />
          <p>
            <a href="/eskalasi">{t("navEscalations")} →</a>
          </p>
        </Section>
      ) : null}
    </>
  );
}
