/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { VERDICTS } from "@klinik/core";
import type { RegencyStats, Tenant } from "@klinik/db";
import type { Region } from "@klinik/regions";
import { can } from "../../services/actor.ts";
import { Notice, Section, UserText } from "../components.tsx";
import { type T, verdictLabel } from "../i18n.ts";
import { CsrfField, Layout, type PageCtx } from "../layout.tsx";

type Ctx = PageCtx & { csrf: string };

export const kindLabel = (k: Tenant["kind"], t: T) =>
  k === "province" ? t("kindProvince") : k === "regency" ? t("kindRegency") : t("kindIndependent");
export const clinicStatusLabel = (s: Tenant["status"], t: T) =>
  s === "dormant" ? t("statusDormant") : t("statusActive");

/** The operator's list of clinics, filtered by province and status, with the onboarding form. */
export function ClinicsPage(p: {
  ctx: Ctx;
  clinics: Tenant[];
  provinceClinics: Tenant[];
  regions: Region[];
  filter: { province?: string | undefined; status?: string | undefined };
  flash?: string | undefined;
  error?: string | undefined;
}) {
  const { t, csrf } = p.ctx;
  const byId = new Map(p.provinceClinics.map((c) => [c.id, c.name]));
  const onboarded = new Set(p.provinceClinics.map((c) => c.region_code));
  return (
    <Layout ctx={p.ctx} title={t("clinicsTitle")} page="clinics" wide>
      <h1>{t("clinicsTitle")}</h1>
      {p.flash ? <Notice tone="ok">{p.flash}</Notice> : null}
      {p.error ? <Notice tone="error">{p.error}</Notice> : null}
      <form method="get" action="/klinik" class="filters">
        <label for="f-prov">{t("clinicsProvince")}</label>
        <select id="f-prov" name="provinsi">
          <option value="">{t("clinicsAllProvinces")}</option>
          {p.provinceClinics.map((c) => (
            <option value={c.id} selected={c.id === p.filter.province}>
              {c.name}
            </option>
          ))}
        </select>
        <label for="f-status">{t("clinicStatus")}</label>
        <select id="f-status" name="status">
          <option value="">{t("anyStatus")}</option>
          <option value="active" selected={p.filter.status === "active"}>
            {t("statusActive")}
          </option>
          <option value="dormant" selected={p.filter.status === "dormant"}>
            {t("statusDormant")}
          </option>
        </select>
        <button type="submit">{t("apply")}</button>
      </form>
      {p.clinics.length === 0 ? (
        <p class="muted">{t("clinicsNone")}</p>
      ) : (
        <table class="clinics">
          <caption class="sr-only">{t("clinicsTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("clinicRegion")}</th>
              <th scope="col">{t("name")}</th>
              <th scope="col">{t("clinicKind")}</th>
              <th scope="col">{t("clinicsProvince")}</th>
              <th scope="col">{t("clinicStatus")}</th>
            </tr>
          </thead>
          <tbody>
            {p.clinics.map((c) => (
              <tr data-clinic={c.region_code ?? c.slug}>
                <td data-label={t("clinicRegion")}>{c.region_code ?? "—"}</td>
                <td data-label={t("name")}>
                  <a href={`/pengaturan?klinik=${encodeURIComponent(c.id)}`} title={t("settingsTitle")}>
                    <UserText text={c.name} />
                  </a>{" "}
                  <span class="muted">/{c.slug}</span>
                </td>
                <td data-label={t("clinicKind")}>{kindLabel(c.kind, t)}</td>
                <td data-label={t("clinicsProvince")}>{c.parent_id ? (byId.get(c.parent_id) ?? "—") : "—"}</td>
                <td data-label={t("clinicStatus")}>
                  <span class={`badge ${c.status === "dormant" ? "warn" : "good"}`}>
                    {clinicStatusLabel(c.status, t)}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Section id="onboard-h" title={t("clinicsOnboard")} class="card narrow">
        <form method="post" action="/klinik" class="stack">
          <CsrfField csrf={csrf} />
          <label for="o-region">{t("clinicsProvince")}</label>
          <select id="o-region" name="wilayah" required>
            {p.regions.map((r) => (
              <option value={r.code}>
                {r.code} · {r.name}
                {onboarded.has(r.code) ? ` (${t("clinicsOnboarded")})` : ""}
              </option>
            ))}
          </select>
          <label class="check">
            <input type="checkbox" name="anak" value="1" checked /> {t("clinicsWithChildren")}
          </label>
          <p class="muted">{t("clinicsOnboardHint")}</p>
          <button type="submit" class="primary">
            {t("clinicsOnboardSubmit")}
          </button>
        </form>
      </Section>
    </Layout>
  );
}

/** A clinic's settings: what its public pages show and its rules. */
export function SettingsPage(p: { ctx: Ctx; clinic: Tenant; flash?: string | undefined; error?: string | undefined }) {
  const { t, csrf } = p.ctx;
  const c = p.clinic;
  return (
    <Layout ctx={p.ctx} title={t("settingsTitle")} page="settings">
      <section class="card narrow" aria-labelledby="s-title">
        <h1 id="s-title">
          {t("settingsTitle")} · <UserText text={c.name} />
        </h1>
        {p.flash ? <Notice tone="ok">{p.flash}</Notice> : null}
        {p.error ? <Notice tone="error">{p.error}</Notice> : null}
        <form method="post" action="/pengaturan" class="stack">
          <CsrfField csrf={csrf} />
          <input type="hidden" name="klinik" value={c.id} />
          <label for="s-name">{t("settingsDisplayName")}</label>
          <input
            id="s-name"
            name="nama_tampilan"
            type="text"
            maxlength={120}
            value={c.display_name ?? ""}
            placeholder={c.name}
          />
          <label for="s-logo">{t("settingsLogo")}</label>
          <input id="s-logo" name="logo" type="url" maxlength={500} pattern="https://.*" value={c.logo_url ?? ""} />
          <label for="s-contact">{t("settingsContact")}</label>
          <input id="s-contact" name="kontak" type="text" maxlength={300} value={c.contact ?? ""} />
          <label for="s-retention">{t("settingsContactRetention")}</label>
          <input
            id="s-retention"
            name="simpan_kontak"
            type="number"
            min={1}
            max={3650}
            required
            value={String(c.contact_retention_days)}
          />
          <label class="check">
            <input type="checkbox" name="persetujuan" value="1" checked={c.require_approval === 1} />{" "}
            {t("settingsApproval")}
          </label>
          <label class="check">
            <input type="checkbox" name="dua_langkah" value="1" checked={c.require_totp === 1} /> {t("settingsTotp")}
          </label>
          <button type="submit" class="primary">
            {t("settingsSave")}
          </button>
        </form>
        {c.id === p.ctx.principal?.tenant.id ? (
          <p>
            <a href="/pengaturan/notifikasi">{t("channelsTitle")}</a>
            {p.ctx.principal && can(p.ctx.principal, "webhook.manage") ? (
              <>
                {" · "}
                <a href="/pengaturan/webhook">{t("webhookLinkFromSettings")}</a>
              </>
            ) : null}
          </p>
        ) : null}
      </section>
    </Layout>
  );
}

/** A province's overview: per regency/city, its numbers and a way into its queue (read only). */
export function ProvincePage(p: { ctx: Ctx; province: Tenant; regencies: RegencyStats[] }) {
  const { t, lang } = p.ctx;
  return (
    <Layout ctx={p.ctx} title={t("provinceTitle")} page="province" wide>
      <h1>
        {t("provinceTitle")} · <UserText text={p.province.name} />
      </h1>
      {p.regencies.length === 0 ? (
        <p class="muted">{t("provinceNone")}</p>
      ) : (
        <table class="province">
          <caption class="sr-only">{t("provinceTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("name")}</th>
              <th scope="col">{t("provinceOpen")}</th>
              <th scope="col">{t("provinceDecided")}</th>
              <th scope="col">{t("provincePublished")}</th>
              <th scope="col">{t("provinceEscalations")}</th>
              <th scope="col">
                <span class="sr-only">{t("provinceQueueLink")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.regencies.map((r) => (
              <tr data-regency={r.region_code ?? r.slug}>
                <td data-label={t("name")}>
                  <UserText text={r.name} />{" "}
                  {r.status === "dormant" ? <span class="badge warn">{t("statusDormant")}</span> : null}
                </td>
                <td data-label={t("provinceOpen")} data-open={r.open_claims}>
                  {r.open_claims}
                </td>
                <td data-label={t("provinceDecided")}>
                  {VERDICTS.filter((v) => r.decided[v])
                    .map((v) => `${verdictLabel(v, lang)}: ${r.decided[v]}`)
                    .join(" · ") || "0"}
                </td>
                <td data-label={t("provincePublished")}>{r.clarifications_published}</td>
                <td data-label={t("provinceEscalations")}>{r.escalations_open}</td>
                <td>
                  <a href={`/antrean?klinik=${encodeURIComponent(r.clinic_id)}`}>{t("provinceQueueLink")}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
