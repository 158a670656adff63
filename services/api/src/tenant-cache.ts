import { type Db, findTenantBySlug, type Tenant } from "@klinik/db";

/**
 * Public endpoints look a clinic up by slug on every request; clinics change
 * rarely, so lookups are cached briefly (misses too, so a flood of unknown
 * slugs does not reach the database).
 */
export class TenantCache {
  private readonly entries = new Map<string, { tenant: Tenant | undefined; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 30_000,
    private readonly missTtlMs = 5_000,
    private readonly max = 5_000,
  ) {}

  async bySlug(slug: string): Promise<Tenant | undefined> {
    const now = Date.now();
    const hit = this.entries.get(slug);
    if (hit && hit.until > now) return hit.tenant;
    const tenant = await findTenantBySlug(this.db, slug);
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(slug, { tenant, until: now + (tenant ? this.ttlMs : this.missTtlMs) });
    return tenant;
  }
}
