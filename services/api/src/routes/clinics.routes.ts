import { CLINIC_KINDS, CLINIC_STATUSES, VERDICTS } from "@klinik/core";
import type { Tenant } from "@klinik/db";
import { z } from "zod";
import { unwrap } from "../errors.ts";
import { clinicSettingsInput, onboardInput } from "../services/clinic-inputs.ts";
import {
  getClinicSettings,
  listVisibleClinics,
  onboardClinics,
  provinceStats,
  updateClinicSettings,
} from "../services/clinics.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { idParam, list } from "./schemas.ts";

export const clinicSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  regionCode: z.string().nullable(),
  parentId: z.string().nullable(),
  status: z.enum(CLINIC_STATUSES),
  kind: z.enum(CLINIC_KINDS).nullable(),
  timezone: z.string(),
});
const settingsSchema = clinicSchema.extend({
  displayName: z.string().nullable(),
  logoUrl: z.string().nullable(),
  contact: z.string().nullable(),
  contactRetentionDays: z.number().describe("Days a public reporter's contact is kept before it is erased"),
  requireApproval: z.boolean(),
  requireTotp: z.boolean(),
});
const statsSchema = z.object({
  clinic: clinicSchema,
  regencies: z.array(
    z.object({
      clinic: clinicSchema.pick({ id: true, slug: true, name: true, regionCode: true, status: true }),
      openClaims: z.number(),
      decided: z.object(
        Object.fromEntries(VERDICTS.map((v) => [v, z.number()])) as Record<(typeof VERDICTS)[number], z.ZodNumber>,
      ),
      clarificationsPublished: z.number(),
      escalationsOpen: z.number(),
    }),
  ),
});

export const clinicDto = (t: Tenant) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  regionCode: t.region_code,
  parentId: t.parent_id,
  status: t.status,
  kind: t.kind,
  timezone: t.timezone,
});
const settingsDto = (t: Tenant) => ({
  ...clinicDto(t),
  displayName: t.display_name,
  logoUrl: t.logo_url,
  contact: t.contact,
  contactRetentionDays: t.contact_retention_days,
  requireApproval: t.require_approval === 1,
  requireTotp: t.require_totp === 1,
});

const listRoute = defineRoute({
  method: "get",
  path: "/",
  summary:
    "The clinics the caller may see: the operator every one, a province itself and its regencies, others themselves",
  access: "clinic",
  permission: "queue.read",
  request: {
    query: z.object({
      province: z.string().max(64).optional().describe("A province clinic's id: it and its regencies"),
      status: z.enum(CLINIC_STATUSES).optional(),
    }),
  },
  ok: { status: 200, description: "Clinics by region code", schema: list(clinicSchema) },
  errors: [400],
});
const onboardRoute = defineRoute({
  method: "post",
  path: "/",
  summary:
    "Onboard a region (operator): a province, with withChildren all its regencies/cities (dormant until their first admin), in one transaction; a regency alone needs its province first. Creates only what is missing; 409 when nothing is",
  access: "clinic",
  permission: "clinic.create",
  request: jsonBody(onboardInput),
  ok: { status: 201, description: "The created clinics", schema: z.object({ data: z.array(clinicSchema) }) },
  errors: [403, 409],
});
const getRoute = defineRoute({
  method: "get",
  path: "/{id}",
  summary: "A clinic's settings (its admin, or the operator)",
  access: "clinic",
  permission: "clinic.settings",
  resource: "clinic",
  request: { params: idParam },
  ok: { status: 200, description: "The clinic", schema: settingsSchema },
  errors: [403],
});
const patchRoute = defineRoute({
  method: "patch",
  path: "/{id}",
  summary: "Change a clinic's settings: public name, logo (https), contact, approval and two-factor rules (audited)",
  access: "clinic",
  permission: "clinic.settings",
  resource: "clinic",
  request: { params: idParam, ...jsonBody(clinicSettingsInput) },
  ok: { status: 200, description: "The clinic", schema: settingsSchema },
  errors: [403],
});
const statsRoute = defineRoute({
  method: "get",
  path: "/{id}/stats",
  summary:
    "Per regency of a province: open claims, claims decided per verdict, published clarifications, open escalations",
  access: "clinic",
  permission: "stats.read",
  resource: "clinic",
  request: { params: idParam },
  ok: { status: 200, description: "Statistics", schema: statsSchema },
  errors: [],
});

export const clinicRoutes = apiApp()
  .openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const rows = unwrap(
      await listVisibleClinics(c.var.deps, c.var.principal, { provinceId: q.province, status: q.status }),
    );
    return c.json({ data: rows.map(clinicDto) }, 200);
  })
  .openapi(onboardRoute, async (c) => {
    const rows = unwrap(await onboardClinics(c.var.deps, c.var.principal, c.req.valid("json")));
    return c.json({ data: rows.map(clinicDto) }, 201);
  })
  .openapi(getRoute, async (c) => {
    const row = unwrap(await getClinicSettings(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json(settingsDto(row), 200);
  })
  .openapi(patchRoute, async (c) => {
    const row = unwrap(
      await updateClinicSettings(c.var.deps, c.var.principal, c.req.valid("param").id, c.req.valid("json")),
    );
    return c.json(settingsDto(row), 200);
  })
  .openapi(statsRoute, async (c) => {
    const { clinic, regencies } = unwrap(await provinceStats(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json(
      {
        clinic: clinicDto(clinic),
        regencies: regencies.map((r) => ({
          clinic: {
            id: r.clinic_id,
            slug: r.slug,
            name: r.name,
            regionCode: r.region_code,
            status: r.status as Tenant["status"],
          },
          openClaims: r.open_claims,
          decided: Object.fromEntries(VERDICTS.map((v) => [v, r.decided[v] ?? 0])) as Record<
            (typeof VERDICTS)[number],
            number
          >,
          clarificationsPublished: r.clarifications_published,
          escalationsOpen: r.escalations_open,
        })),
      },
      200,
    );
  });
