/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { CLINIC_STATUSES, type ClinicStatus } from "@klinik/core";
import type { Context } from "hono";
import { Hono } from "hono";
import {
  getClinicSettings,
  onboardClinics,
  onboardingPage,
  provinceStats,
  updateClinicSettings,
} from "../../services/clinics.service.ts";
import { invalidText, uiFailure } from "../failure.ts";
import { isId, pageCtx, setFlash, takeFlash } from "../page-ctx.ts";
import { ClinicsPage, ProvincePage, SettingsPage } from "../pages/clinics.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

async function clinicsPage(c: Context<UiEnv>, error?: { message: string; status: 400 | 409 }) {
  const province = c.req.query("provinsi");
  const status = c.req.query("status");
  const filter = {
    province: isId(province) ? province : undefined,
    status: CLINIC_STATUSES.find((x): x is ClinicStatus => x === status),
  };
  const r = await onboardingPage(c.var.deps, c.var.principal, { provinceId: filter.province, status: filter.status });
  if (!r.ok) return uiFailure(c, r.error);
  return c.html(
    <ClinicsPage ctx={pageCtx(c)} {...r.value} filter={filter} flash={takeFlash(c)} error={error?.message} />,
    error?.status ?? 200,
  );
}

/** The clinic whose settings a page shows: the caller's own, or (the operator) `?klinik=<id>` / the form's `klinik`. */
function settingsTarget(c: Context<UiEnv>, fromForm = false): string {
  const id = fromForm ? field(c.var.form, "klinik") : (c.req.query("klinik") ?? "");
  return isId(id) ? id : c.var.principal.tenant.id;
}

async function settingsPage(c: Context<UiEnv>, error?: string, id = settingsTarget(c)) {
  const r = await getClinicSettings(c.var.deps, c.var.principal, id);
  if (!r.ok) return uiFailure(c, r.error);
  return c.html(
    <SettingsPage ctx={pageCtx(c)} clinic={r.value} flash={takeFlash(c)} error={error} />,
    error ? 400 : 200,
  );
}

export const clinicsUi = new Hono<UiEnv>()
  .get("/klinik", requireUiSession, (c) => clinicsPage(c))
  .post("/klinik", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const regionCode = field(form, "wilayah").trim();
    const r = await onboardClinics(c.var.deps, c.var.principal, {
      regionCode,
      withChildren: field(form, "anak") === "1",
    });
    if (!r.ok) {
      if (r.error.code === "invalid_request") return clinicsPage(c, { message: invalidText(t, r.error), status: 400 });
      if (r.error.code === "conflict") return clinicsPage(c, { message: r.error.message, status: 409 });
      return uiFailure(c, r.error);
    }
    setFlash(
      c,
      `${r.value.length} ${t("clinicsCreated")}: ${r.value
        .map((x) => x.name)
        .slice(0, 3)
        .join(", ")}${r.value.length > 3 ? ", …" : ""}`,
    );
    return c.redirect("/klinik", 303);
  })
  .get("/pengaturan", requireUiSession, (c) => settingsPage(c))
  .post("/pengaturan", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const id = settingsTarget(c, true);
    const r = await updateClinicSettings(c.var.deps, c.var.principal, id, {
      displayName: field(form, "nama_tampilan"),
      logoUrl: field(form, "logo"),
      contact: field(form, "kontak"),
      ...(field(form, "simpan_kontak") ? { contactRetentionDays: field(form, "simpan_kontak") } : {}),
      requireApproval: field(form, "persetujuan") === "1",
      requireTotp: field(form, "dua_langkah") === "1",
    });
    if (!r.ok && r.error.code === "invalid_request") {
      return settingsPage(c, invalidText(t, r.error), id);
    }
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, t("settingsSaved"));
    return c.redirect(id === c.var.principal.tenant.id ? "/pengaturan" : `/pengaturan?klinik=${id}`, 303);
  })
  .get("/provinsi", requireUiSession, async (c) => {
    const r = await provinceStats(c.var.deps, c.var.principal, c.var.principal.tenant.id);
    if (!r.ok) return uiFailure(c, r.error);
    return c.html(<ProvincePage ctx={pageCtx(c)} province={r.value.clinic} regencies={r.value.regencies} />);
  });
