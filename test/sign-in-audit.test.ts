import { listAudit } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, type Harness } from "./support/harness.ts";

/**
 * Refusing a flood of guesses must stay cheap: throttled attempts are answered
 * from Redis, and the audit trail gets one row per wait of an (address,
 * account), not one write per refused request.
 */
describe("sign-in attempts in the audit trail", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it("records failures one by one, and a flood of throttled attempts once per wait", async () => {
    const clinic = await createClinic(h, "maluku");
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await call(h, "POST", "/api/v1/auth/login", {
        body: { email: "admin@maluku.test", password: `tebakan-${i}` },
      });
      statuses.push(r.status);
    }
    const refused = statuses.filter((s) => s === 429).length;
    expect(refused).toBeGreaterThanOrEqual(20);
    // Failures land in the clinic the email names; a throttled attempt is refused before
    // any lookup, so it is an instance event (the operator's trail), labelled by the email.
    const rows = await listAudit(h.db.db, { clinics: [clinic.tenant.id], limit: 200 });
    const failed = rows.filter((r) => r.action === "auth.login_failed").length;
    const instance = await listAudit(h.db.db, { clinics: "all", action: "auth.login_throttled", limit: 200 });
    const throttled = instance.filter((r) => r.actor_label === "admin@maluku.test" && r.tenant_id === null).length;
    expect(failed).toBe(statuses.filter((s) => s === 401).length);
    expect(throttled).toBeGreaterThanOrEqual(1);
    expect(throttled).toBeLessThan(refused / 4);
  });
});
