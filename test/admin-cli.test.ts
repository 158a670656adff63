import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { listAudit } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, type Harness } from "./support/harness.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** `pnpm admin …` as the operator runs it: a child process reading the same DATABASE_URL. */
async function admin(h: Harness, ...args: string[]) {
  const env = {
    ...process.env,
    DATABASE_URL: h.db.url,
    PUBLIC_BASE_URL: "https://klinik.contoh.id",
    LOG_LEVEL: "silent",
  };
  try {
    const r = await run(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
      cwd: ROOT,
      env,
      timeout: 60_000,
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

const linkIn = (out: string) => /https:\/\/klinik\.contoh\.id(\/atur-sandi\/[A-Za-z0-9_-]+)/.exec(out)?.[1] ?? "";

describe("pnpm admin", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await createClinic(h, "demo", "admin");
  });
  afterAll(async () => h?.close());

  it("reset-link prints a link that sets a new password once, for any account", async () => {
    const r = await admin(h, "reset-link", "ADMIN@demo.test");
    expect(r.code).toBe(0);
    const path = linkIn(r.out);
    expect(path).not.toBe("");
    const token = path.split("/").at(-1);
    const next = "pohon-jeruk-layang-biru";
    const used = await call(h, "POST", `/api/v1/auth/resets/${token}`, { body: { password: next } });
    expect(used.status).toBe(200);
    expect(used.body.user.email).toBe("admin@demo.test");
    expect((await call(h, "POST", `/api/v1/auth/resets/${token}`, { body: { password: next } })).status).toBe(410);
    const login = await call(h, "POST", "/api/v1/auth/login", { body: { email: "admin@demo.test", password: next } });
    expect(login.status).toBe(200);
    const trail = await listAudit(h.db.db, { clinics: "all", limit: 20 });
    expect(trail.map((a) => a.action)).toEqual(expect.arrayContaining(["user.reset_link_cli", "user.password_reset"]));
  }, 120_000);

  it("create-operator makes an operator who sets a password through the link; unknown emails and clinics say so", async () => {
    const r = await admin(h, "create-operator", "--email", "ops@contoh.id", "--name", "Operator Dua");
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/password:/i);
    const token = linkIn(r.out).split("/").at(-1);
    const used = await call(h, "POST", `/api/v1/auth/resets/${token}`, {
      body: { password: "kereta-malam-pulau-seribu" },
    });
    expect(used.status).toBe(200);
    expect(used.body.user).toMatchObject({ email: "ops@contoh.id", operator: true, role: "admin" });

    const users = await admin(h, "list-users", "--clinic", "demo");
    expect(users.out).toMatch(/ops@contoh\.id .*admin\+operator/);
    const clinics = await admin(h, "list-clinics");
    expect(clinics.out).toMatch(/^demo\s+Klinik demo/m);
    const unknown = await admin(h, "reset-link", "tidak-ada@contoh.id");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("No account has the email");
    const bad = await admin(h, "bogus");
    expect(bad.err).toContain("Usage: pnpm admin");
  }, 180_000);
});
