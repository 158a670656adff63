import {
  findTenantById,
  forClinic,
  instanceStatsRows,
  listClinics,
  provinceStatsRows,
  type StatsRows,
  type Tenant,
} from "@klinik/db";
import { type Actor, can, denied } from "./actor.ts";
import type { ServiceDeps } from "./deps.ts";
import { publicClinic } from "./intake.service.ts";
import { readableClinic } from "./province-read.ts";
import { fail, notFound, ok, type Result } from "./result.ts";
import { type StatsPeriod, statsPeriod } from "./stats-period.ts";
import {
  daysOf,
  figuresOf,
  rowsOfClinic,
  type StatsClinicRef,
  type StatsReport,
  type StatsScopeName,
} from "./stats-report.ts";

type Deps = Pick<ServiceDeps, "db">;

/** The instance has no clinic of its own: its days are WIB days. */
export const INSTANCE_TIMEZONE = "Asia/Jakarta";
/** Top claims in a report. */
const TOP = 10;

export interface StatsInput {
  scope?: StatsScopeName | undefined;
  /** A clinic other than the caller's: a regency of the caller's province, or any clinic for the operator. */
  clinic?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const ref = (t: Tenant): StatsClinicRef => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  publicName: t.display_name ?? t.name,
  regionCode: t.region_code,
});
const isOperator = (actor: Actor) => can(actor, "stats.instance");

function report(
  scope: StatsScopeName,
  clinic: StatsClinicRef | null,
  period: StatsPeriod,
  rows: StatsRows,
  clinics: StatsReport["clinics"] = [],
): StatsReport {
  return { scope, clinic, period, ...figuresOf(rows), days: daysOf(rows, period), topClaims: rows.top, clinics };
}

const query = (period: StatsPeriod, publicOnly: boolean) => ({
  fromIso: period.fromIso,
  toIso: period.toIso,
  offsetMinutes: period.offsetMinutes,
  top: TOP,
  publicOnly,
});

/**
 * Statistics for a person or an integration token. Who reads what is decided
 * here: a clinic its own figures; a province clinic also each regency's and the
 * province's together (its regencies side by side); the instance operator any
 * clinic and the whole instance. Anything else is refused (another clinic's
 * figures answer like a missing clinic).
 */
export async function readStats(deps: Deps, actor: Actor, input: StatsInput): Promise<Result<StatsReport>> {
  const no = denied(actor, "stats.read");
  if (no) return no;
  const scope = input.scope ?? "clinic";
  if (scope === "instance") {
    if (!isOperator(actor)) return fail("forbidden", "Only the instance operator reads the instance's statistics");
    const period = statsPeriod(input, INSTANCE_TIMEZONE);
    if (!period.ok) return period;
    return ok(report("instance", null, period.value, await instanceStatsRows(deps.db, query(period.value, false))));
  }
  const target = await targetClinic(deps, actor, input.clinic);
  if (!target) return notFound("Clinic");
  const period = statsPeriod(input, target.timezone);
  if (!period.ok) return period;
  const q = query(period.value, false);
  if (scope === "clinic") {
    const readable = await readableClinic(deps, actor, target.id);
    // The operator reads any clinic; everyone else what readableClinic allows.
    const clinic = readable.ok ? readable.value.clinic : isOperator(actor) ? forClinic(deps.db, target.id) : undefined;
    if (!clinic) return notFound("Clinic");
    return ok(report("clinic", ref(target), period.value, await clinic.clinicStats(q)));
  }
  if (target.kind !== "province") {
    return fail("forbidden", "Province figures are for a province clinic: ask scope=clinic");
  }
  if (target.id !== actor.tenant.id && !isOperator(actor)) return notFound("Clinic");
  return ok(await provinceReport(deps, target, period.value, q));
}

/** The clinic named by `clinic` (or the caller's own) if the caller may read it at all. */
async function targetClinic(deps: Deps, actor: Actor, clinicId: string | undefined): Promise<Tenant | undefined> {
  const t = await findTenantById(deps.db, clinicId || actor.tenant.id);
  if (t?.id === actor.tenant.id) return t;
  if (!t) return undefined;
  if (isOperator(actor) || t.parent_id === actor.tenant.id) return t;
  return undefined;
}

async function provinceReport(
  deps: Deps,
  province: Tenant,
  period: StatsPeriod,
  q: ReturnType<typeof query>,
): Promise<StatsReport> {
  const [rows, clinics] = await Promise.all([
    provinceStatsRows(deps.db, province.id, q),
    listClinics(deps.db, { provinceId: province.id }),
  ]);
  const side = clinics.map((c) => ({ ...ref(c), ...figuresOf(rowsOfClinic(rows.byClinic, c.id)) }));
  return report("province", ref(province), period, rows.total, side);
}

/** How long public figures are kept before they are counted again (a viral day sends many readers). */
const PUBLIC_TTL_MS = 60_000;
// Per database handle, so two apps in one process (tests) never share figures.
const publicCaches = new WeakMap<object, Map<string, { until: number; value: StatsReport }>>();
// Figures being counted now, per key: readers who miss the cache meanwhile wait for them
// (resolved undefined when their counting was refused or failed: the reader then counts).
const publicFlights = new WeakMap<object, Map<string, Promise<StatsReport | undefined>>>();

type PublicDeps = Pick<ServiceDeps, "db" | "tenants" | "statsLimiter">;

function mapOf<V>(maps: WeakMap<object, Map<string, V>>, db: object): Map<string, V> {
  const had = maps.get(db);
  if (had) return had;
  const made = new Map<string, V>();
  maps.set(db, made);
  return made;
}

/**
 * Public figures from memory when counted in the last minute; counting afresh
 * is limited per client address (a flood of different periods cannot keep the
 * database busy), reading what is in memory is not. Readers who ask while the
 * same figures are being counted wait for that count (one count per scope and
 * period at a time in a process, however many readers a viral day sends), and
 * are not limited either.
 */
async function cachedPublic(
  deps: PublicDeps,
  address: string,
  key: string,
  make: () => Promise<StatsReport>,
): Promise<Result<StatsReport>> {
  const cache = mapOf(publicCaches, deps.db);
  const flights = mapOf(publicFlights, deps.db);
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return ok(hit.value);
  const running = flights.get(key);
  if (running) {
    const value = await running;
    if (value) return ok(value);
  }
  let settle: (value: StatsReport | undefined) => void = () => {};
  const flight = new Promise<StatsReport | undefined>((resolve) => {
    settle = resolve;
  });
  flights.set(key, flight);
  let value: StatsReport | undefined;
  try {
    const wait = await deps.statsLimiter.hit(address);
    if (wait > 0) return fail("rate_limited", `Too many requests from this address; try again in ${wait} s`, wait);
    value = await make();
    if (cache.size >= 500) cache.clear();
    cache.set(key, { until: Date.now() + PUBLIC_TTL_MS, value });
    return ok(value);
  } finally {
    if (flights.get(key) === flight) flights.delete(key);
    settle(value);
  }
}

/**
 * A clinic's public figures (open data): counts and times only; its top claims
 * only when clarified, named by their published clarification, never by what
 * was reported. A province's public figures include its regencies side by side.
 */
export async function publicClinicStats(
  deps: PublicDeps,
  input: Pick<StatsInput, "from" | "to"> & { slug: string; address: string },
): Promise<Result<StatsReport>> {
  const clinic = await publicClinic(deps, input.slug);
  if (!clinic.ok) return clinic;
  const t = clinic.value;
  const period = statsPeriod(input, t.timezone);
  if (!period.ok) return period;
  const p = period.value;
  const q = query(p, true);
  return cachedPublic(deps, input.address, `${t.id}:${p.from}:${p.to}`, async () =>
    t.kind === "province"
      ? provinceReport(deps, t, p, q)
      : report("clinic", ref(t), p, await forClinic(deps.db, t.id).clinicStats(q)),
  );
}

/** The whole instance's public figures (WIB days). */
export async function publicInstanceStats(
  deps: PublicDeps,
  input: Pick<StatsInput, "from" | "to"> & { address: string },
): Promise<Result<StatsReport>> {
  const period = statsPeriod(input, INSTANCE_TIMEZONE);
  if (!period.ok) return period;
  const p = period.value;
  return cachedPublic(deps, input.address, `*:${p.from}:${p.to}`, async () =>
    report("instance", null, p, await instanceStatsRows(deps.db, query(p, true))),
  );
}
