import { seedDemo } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHarness, DIALECTS, type Harness } from "./support/harness.ts";
import { seedClaim } from "./ui/support.ts";

/**
 * Many offices on one instance, through the JSON API alone, as the issue's
 * "done when" tells it: the operator onboards two provinces with their
 * regencies, invites their admins, who invite analysts; regencies never see
 * each other, a province reads its regencies but changes nothing of theirs, a
 * claim escalated by a regency reaches its province, deactivation ends a
 * session at once, and every step is in the audit trail.
 */
describe.each(DIALECTS)("offices on one instance (%s)", (dialect) => {
  let h: Harness;
  const OPERATOR = { email: "operator@klinik.test", password: "Operator-Rahasia-2026!" };
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  let op: Record<string, string>;
  /** Region code → clinic id. */
  const clinicId: Record<string, string> = {};

  /** Invites a person into a clinic as `by`, accepts the link, and returns their bearer headers. */
  async function join(by: Record<string, string>, clinic: string, email: string, role: string) {
    const inv = await call(h, "POST", `/api/v1/clinics/${clinic}/invites`, {
      headers: by,
      body: { email, name: email.split("@")[0], role },
    });
    expect(inv.status, JSON.stringify(inv.body)).toBe(201);
    const token = new URL(inv.body.inviteUrl).pathname.split("/").pop() ?? "";
    const accepted = await call(h, "POST", `/api/v1/auth/invites/${token}`, {
      body: { password: `Sandi-${email}-Kuat-2026` },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    // The link works once.
    const again = await call(h, "POST", `/api/v1/auth/invites/${token}`, {
      body: { password: "Sandi-Lain-Kuat-2026!" },
    });
    expect(again.status).toBeGreaterThanOrEqual(400);
    return { headers: auth(accepted.body.token), userId: accepted.body.user.id as string };
  }

  beforeAll(async () => {
    h = await createHarness({}, dialect);
    await seedDemo(h.db.db, { adminEmail: OPERATOR.email, adminPassword: OPERATOR.password, feeds: [] });
    const login = await call(h, "POST", "/api/v1/auth/login", { body: OPERATOR });
    expect(login.status).toBe(200);
    op = auth(login.body.token);
  });
  afterAll(async () => h?.close());

  let a1: Awaited<ReturnType<typeof join>>;
  let a2: Awaited<ReturnType<typeof join>>;
  let b1: Awaited<ReturnType<typeof join>>;
  let provA: Awaited<ReturnType<typeof join>>;
  let analyst: Awaited<ReturnType<typeof join>>;
  const claims: Record<string, string> = {};

  it("lets only the operator onboard a province with all its regencies, dormant until they have an admin", async () => {
    const created = await call(h, "POST", "/api/v1/clinics", {
      headers: op,
      body: { regionCode: "32", withChildren: true },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const rows: { id: string; regionCode: string; parentId: string | null; status: string }[] = created.body.data;
    const province = rows.find((r) => r.regionCode === "32");
    expect(province?.status).toBe("active");
    const regencies = rows.filter((r) => r.parentId === province?.id);
    // Jawa Barat: 18 kabupaten and 9 kota.
    expect(regencies).toHaveLength(27);
    expect(new Set(regencies.map((r) => r.status))).toEqual(new Set(["dormant"]));
    for (const r of rows) clinicId[r.regionCode] = r.id;
    const b = await call(h, "POST", "/api/v1/clinics", { headers: op, body: { regionCode: "33", withChildren: true } });
    expect(b.status).toBe(201);
    for (const r of b.body.data) clinicId[r.regionCode] = r.id;
    expect((await call(h, "POST", "/api/v1/clinics", { headers: op, body: { regionCode: "32" } })).status).toBe(409);
  });

  it("brings each office its people through one-time invitations", async () => {
    provA = await join(op, clinicId["32"] ?? "", "admin@jabarprov.test", "admin");
    a1 = await join(op, clinicId["32.73"] ?? "", "admin@bandungkota.test", "admin");
    a2 = await join(op, clinicId["32.04"] ?? "", "admin@bandungkab.test", "admin");
    b1 = await join(op, clinicId["33.74"] ?? "", "admin@semarangkota.test", "admin");
    // The regency admin invites their analyst; they may not invite into another clinic.
    analyst = await join(a1.headers, clinicId["32.73"] ?? "", "analis@bandungkota.test", "analyst");
    const foreign = await call(h, "POST", `/api/v1/clinics/${clinicId["32.04"]}/invites`, {
      headers: a1.headers,
      body: { email: "x@bandungkab.test", name: "X", role: "analyst" },
    });
    expect(foreign.status).toBe(404);
    // Nobody but the operator creates clinics.
    for (const who of [provA, a1, analyst]) {
      expect(
        (await call(h, "POST", "/api/v1/clinics", { headers: who.headers, body: { regionCode: "35" } })).status,
      ).toBe(403);
    }
    const seen = await call(h, "GET", "/api/v1/clinics", { headers: op });
    const bandung = seen.body.data.find((c: { id: string }) => c.id === clinicId["32.73"]);
    expect(bandung.status).toBe("active");
  });

  it("shows each regency only its own queue, and a province its regencies' read-only", async () => {
    for (const code of ["32.73", "32.04", "33.74"]) {
      claims[code] = (
        await seedClaim(h, clinicId[code] ?? "", { text: `Pesan berantai di ${code}`, score: 0.9 })
      ).clusterId;
    }
    const own = await call(h, "GET", "/api/v1/clusters", { headers: analyst.headers });
    expect(own.status).toBe(200);
    expect(own.body.data.map((c: { id: string }) => c.id)).toEqual([claims["32.73"]]);
    for (const code of ["32.04", "33.74"]) {
      expect((await call(h, "GET", `/api/v1/clusters/${claims[code]}`, { headers: analyst.headers })).status).toBe(404);
      expect((await call(h, "GET", `/api/v1/clusters/${claims[code]}`, { headers: a1.headers })).status).toBe(404);
    }
    expect((await call(h, "GET", `/api/v1/clusters/${claims["32.73"]}`, { headers: a2.headers })).status).toBe(404);
    expect((await call(h, "GET", `/api/v1/clusters/${claims["32.73"]}`, { headers: b1.headers })).status).toBe(404);
    // The province reads A1 and A2, not B1, and changes nothing of theirs.
    for (const code of ["32.73", "32.04"]) {
      const r = await call(h, "GET", `/api/v1/clusters?clinic=${clinicId[code]}`, { headers: provA.headers });
      expect(r.status).toBe(200);
      expect(r.body.data.map((c: { id: string }) => c.id)).toEqual([claims[code]]);
      const verdict = await call(h, "POST", `/api/v1/clusters/${claims[code]}/verdict`, {
        headers: provA.headers,
        body: { verdict: "false" },
      });
      expect(verdict.status).toBe(404);
    }
    expect(
      (await call(h, "GET", `/api/v1/clusters?clinic=${clinicId["33.74"]}`, { headers: provA.headers })).status,
    ).toBe(404);
    expect((await call(h, "GET", `/api/v1/clusters?clinic=${clinicId["32.04"]}`, { headers: a1.headers })).status).toBe(
      404,
    );
  });

  it("takes a regency's escalated claim to its province, with the regency's name", async () => {
    const esc = await call(h, "POST", `/api/v1/clusters/${claims["32.73"]}/escalate`, {
      headers: analyst.headers,
      body: { reason: "Menyebut gubernur; mohon klarifikasi provinsi" },
    });
    expect(esc.status, JSON.stringify(esc.body)).toBe(201);
    const inbox = await call(h, "GET", "/api/v1/escalations", { headers: provA.headers });
    expect(inbox.status).toBe(200);
    expect(JSON.stringify(inbox.body)).toContain("Bandung");
    expect(inbox.body.data.map((e: { clusterId: string }) => e.clusterId)).toEqual([claims["32.73"]]);
    // Another province sees nothing of it.
    const other = await call(h, "GET", "/api/v1/escalations", { headers: b1.headers });
    expect(other.body.data).toEqual([]);
  });

  it("ends a deactivated person's access at once", async () => {
    expect((await call(h, "GET", "/api/v1/clusters", { headers: analyst.headers })).status).toBe(200);
    const off = await call(h, "POST", `/api/v1/users/${analyst.userId}/deactivate`, { headers: a1.headers });
    expect(off.status).toBe(200);
    expect((await call(h, "GET", "/api/v1/clusters", { headers: analyst.headers })).status).toBe(401);
    const again = await call(h, "POST", "/api/v1/auth/login", {
      body: { email: "analis@bandungkota.test", password: "Sandi-analis@bandungkota.test-Kuat-2026" },
    });
    expect(again.status).toBe(401);
  });

  it("keeps every step in the audit trail, each office seeing its own", async () => {
    /** Every event the caller may read, page by page (newest first). */
    const actions = async (who: Record<string, string>) => {
      const rows: { action: string; clinic: { id: string } | null }[] = [];
      let cursor: string | null | undefined = "";
      while (cursor !== null && cursor !== undefined) {
        const r = await call(h, "GET", `/api/v1/audit${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`, {
          headers: who,
        });
        expect(r.status).toBe(200);
        rows.push(...r.body.data);
        cursor = r.body.nextCursor;
      }
      return rows.map((r) => ({ action: r.action, clinicId: r.clinic?.id ?? null }));
    };
    const all = await actions(op);
    const names = new Set(all.map((r) => r.action));
    for (const a of [
      "clinic.onboard",
      "user.invite",
      "user.join",
      "clinic.activate",
      "claim.escalate",
      "user.deactivate",
    ]) {
      expect(names, a).toContain(a);
    }
    expect([...names].some((n) => n.startsWith("auth.login"))).toBe(true);
    const regency = await actions(a1.headers);
    expect(new Set(regency.map((r) => r.clinicId))).toEqual(new Set([clinicId["32.73"]]));
    const province = new Set((await actions(provA.headers)).map((r) => r.clinicId));
    expect(province.has(clinicId["32.73"] ?? null)).toBe(true);
    expect(province.has(clinicId["33.74"] ?? null)).toBe(false);
    const csv = await h.app.request("/api/v1/audit.csv", { headers: a1.headers });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    // A UTF-8 byte order mark, so spreadsheets read the Indonesian text right (Response.text() would drop it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text).toContain("claim.escalate");
  });
});
