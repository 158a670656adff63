import {
  createClinics,
  existingRegionCodes,
  findClinicByRegion,
  forClinic,
  listClinics,
  listIncomingEscalations,
  type NewTenant,
  regencyStats,
  type Tenant,
  takenSlugs,
} from "@klinik/db";
import {
  findRegion,
  listProvinces,
  listRegencies,
  type Region,
  regionSlug,
  regionTimezone,
  uniqueSlug,
} from "@klinik/regions";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import { type ClinicSettingsInput, clinicSettingsInput, type OnboardInput, onboardInput } from "./clinic-inputs.ts";
import type { ServiceDeps } from "./deps.ts";
import { invalidInput } from "./inputs.ts";
import { fail, invalid, notFound, ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db">;

const isUniqueViolation = (err: unknown) =>
  /UNIQUE constraint failed|duplicate key value/i.test((err as { message?: string }).message ?? "");

/** A person acting as the instance's operator (never an integration token). */
const isOperator = (actor: Actor) => actor.via === "session" && actor.user.operator;

/**
 * The operator onboards a region. A province comes with, when asked, every
 * regency/city of it (dormant until each gets its first admin), all in one
 * transaction; a regency alone needs its province onboarded first. What already
 * exists is not created again: asking for an existing province with its
 * children creates only the missing ones, and a request that would create
 * nothing answers conflict.
 */
export async function onboardClinics(deps: Deps, actor: Actor, raw: OnboardInput | unknown): Promise<Result<Tenant[]>> {
  const no = denied(actor, "clinic.create");
  if (no) return no;
  const parsed = onboardInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const region = await findRegion(input.regionCode);
  if (!region) return invalid("region_unknown", `regionCode: unknown region ${input.regionCode}`);
  let parent: Tenant | undefined;
  const wanted: Region[] = [];
  if (region.kind === "province") {
    parent = await findClinicByRegion(deps.db, region.code);
    if (!parent) wanted.push(region);
    if (input.withChildren) wanted.push(...(await listRegencies(region.code)));
  } else {
    parent = await findClinicByRegion(deps.db, region.provinceCode);
    const province = await findRegion(region.provinceCode);
    if (!parent) return fail("conflict", `Onboard the province ${province?.name ?? region.provinceCode} first`);
    wanted.push(region);
  }
  const existing = await existingRegionCodes(
    deps.db,
    wanted.map((r) => r.code),
  );
  const missing = wanted.filter((r) => !existing.has(r.code));
  if (missing.length === 0) {
    return fail(
      "conflict",
      `${region.name} (${region.code}) is already onboarded${input.withChildren ? " with all its regencies/cities" : ""}`,
    );
  }
  const taken = await takenSlugs(
    deps.db,
    missing.flatMap((r) => [regionSlug(r), `${regionSlug(r)}-${r.code.replace(/\./g, "-")}`]),
  );
  // The province row goes first: its id is the children's parent.
  const provinceRow = missing[0]?.kind === "province" ? missing[0] : undefined;
  const provinceTenant: NewTenant | undefined = provinceRow && {
    slug: uniqueSlug(provinceRow, taken),
    name: provinceRow.name,
    timezone: regionTimezone(provinceRow.code),
    regionCode: provinceRow.code,
    kind: "province",
    status: "active",
  };
  const regencies = missing
    .filter((r) => r.kind === "regency")
    .map(
      (r): NewTenant => ({
        slug: uniqueSlug(r, taken),
        name: r.name,
        timezone: regionTimezone(r.code),
        regionCode: r.code,
        parentId: parent?.id ?? null,
        kind: "regency",
        status: "dormant",
      }),
    );
  let created: Tenant[];
  try {
    created = await createClinics(deps.db, { province: provinceTenant, regencies });
  } catch (err) {
    if (isUniqueViolation(err)) return fail("conflict", `${region.name} was onboarded at the same moment; reload`);
    throw err;
  }
  for (const c of created) {
    await audit(forClinic(deps.db, c.id), actor, {
      action: "clinic.onboard",
      targetType: "clinic",
      targetId: c.id,
      summary: { after: { regionCode: c.region_code, name: c.name, slug: c.slug, kind: c.kind, status: c.status } },
    });
  }
  return ok(created);
}

/** The clinics the actor may see: the operator every one; a province itself and its regencies; others themselves. */
export async function listVisibleClinics(
  deps: Deps,
  actor: Actor,
  f: { provinceId?: string | undefined; status?: Tenant["status"] | undefined } = {},
): Promise<Result<Tenant[]>> {
  const no = denied(actor, "queue.read");
  if (no) return no;
  const filter = { provinceId: f.provinceId, status: f.status };
  if (isOperator(actor)) return ok(await listClinics(deps.db, filter));
  if (actor.tenant.kind === "province") {
    const mine = await listClinics(deps.db, { ...filter, provinceId: actor.tenant.id });
    // Another province's filter shows nothing rather than widening the view.
    return ok(f.provinceId && f.provinceId !== actor.tenant.id ? [] : mine);
  }
  return ok(await listClinics(deps.db, { ...filter, ids: [actor.tenant.id] }));
}

/** A clinic whose settings the actor manages: their own (admin), any (operator); another's is not found. */
async function managedClinic(deps: Deps, actor: Actor, id: string) {
  if (!isOperator(actor)) {
    const no = denied(actor, "clinic.settings");
    if (no) return no;
    if (id !== actor.tenant.id) return notFound("Clinic");
  }
  const clinic = id === actor.tenant.id ? clinicOf(deps, actor) : forClinic(deps.db, id);
  const row = await clinic.getClinic();
  return row ? ok({ clinic, row }) : notFound("Clinic");
}

export async function getClinicSettings(deps: Deps, actor: Actor, id: string): Promise<Result<Tenant>> {
  const found = await managedClinic(deps, actor, id);
  return found.ok ? ok(found.value.row) : found;
}

const settingsView = (t: Tenant) => ({
  displayName: t.display_name,
  logoUrl: t.logo_url,
  contact: t.contact,
  contactRetentionDays: t.contact_retention_days,
  requireApproval: t.require_approval === 1,
  requireTotp: t.require_totp === 1,
});

/** Changes what the clinic's public pages show and its rules (approval, two-factor); audited with before/after. */
export async function updateClinicSettings(
  deps: Deps,
  actor: Actor,
  id: string,
  raw: ClinicSettingsInput | unknown,
): Promise<Result<Tenant>> {
  const found = await managedClinic(deps, actor, id);
  if (!found.ok) return found;
  // Checked once the caller may change this clinic (form fields arrive unchecked).
  const parsed = clinicSettingsInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const { clinic } = found.value;
  const changed = await clinic.updateClinic({
    display_name: input.displayName,
    logo_url: input.logoUrl,
    contact: input.contact,
    contact_retention_days: input.contactRetentionDays,
    require_approval: input.requireApproval,
    require_totp: input.requireTotp,
  });
  if (!changed) return notFound("Clinic");
  const before = settingsView(changed.before);
  const after = settingsView(changed.after);
  const keys = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
  if (keys.length > 0) {
    await audit(clinic, actor, {
      action: "clinic.settings",
      targetType: "clinic",
      targetId: id,
      summary: {
        before: Object.fromEntries(keys.map((k) => [k, before[k]])),
        after: Object.fromEntries(keys.map((k) => [k, after[k]])),
      },
    });
  }
  return ok(changed.after);
}

/**
 * Statistics of a province's regencies, counted in SQL: open claims, claims
 * decided per verdict, published clarifications, open escalations. The
 * province itself (or the operator) only; a regency/city has none.
 */
export async function provinceStats(deps: Deps, actor: Actor, id: string) {
  const no = denied(actor, "stats.read");
  if (no) return no;
  if (id !== actor.tenant.id && !isOperator(actor)) return notFound("Clinic");
  const clinic = await forClinic(deps.db, id).getClinic();
  if (!clinic) return notFound("Clinic");
  return ok({ clinic, regencies: await regencyStats(deps.db, id) });
}

/** The operator's clinics page: the clinics (filtered), the province clinics to filter by, the regions to onboard. */
export async function onboardingPage(
  deps: Deps,
  actor: Actor,
  f: { provinceId?: string | undefined; status?: Tenant["status"] | undefined },
) {
  const no = denied(actor, "clinic.create");
  if (no) return no;
  const [clinics, provinceClinics, regions] = await Promise.all([
    listClinics(deps.db, f),
    listClinics(deps.db, { kind: "province" }),
    listProvinces(),
  ]);
  return ok({ clinics, provinceClinics, regions });
}

/**
 * What a province's queue page adds: the clinics whose queue it may read (its own
 * and its regencies', for the switcher) and the escalations waiting for it.
 * Nothing for any other clinic.
 */
export async function queueOffices(deps: Deps, actor: Actor) {
  const no = denied(actor, "queue.read");
  if (no) return no;
  if (actor.tenant.kind !== "province") return ok({ clinics: [], incoming: [] });
  const [clinics, incoming] = await Promise.all([
    listClinics(deps.db, { provinceId: actor.tenant.id }),
    listIncomingEscalations(deps.db, actor.tenant.id, { status: "open", limit: 20 }),
  ]);
  return ok({ clinics: clinics.map((c) => ({ id: c.id, name: c.name })), incoming });
}
