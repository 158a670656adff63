/**
 * `pnpm admin <command>`: the operator's commands on the machine that runs the
 * instance, so a lost password always has a way back. Passwords never appear on
 * the command line: accounts get a one-time link (72 h) to set one.
 *
 *   pnpm admin create-operator --email <email> --name <name> [--clinic <slug>]
 *   pnpm admin reset-link <email>
 *   pnpm admin list-clinics
 *   pnpm admin list-users [--clinic <slug>]
 *
 * Reads DATABASE_URL (and PUBLIC_BASE_URL, HOST, PORT for the links) like every
 * process, and migrates the database first.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "@klinik/config";
import {
  createUser,
  type Db,
  findTenantBySlug,
  findUserByEmail,
  forClinic,
  listAccounts,
  listClinics,
  migrateToLatest,
  openDb,
} from "@klinik/db";

const USAGE = `Usage: pnpm admin <command>

  create-operator --email <email> --name <name> [--clinic <slug>]
      A new instance operator (admin of the clinic, "demo" by default); prints a
      one-time link to set the password.
  reset-link <email>
      Prints a one-time link (72 h) that sets a new password for any account
      (and clears its two-factor sign-in).
  list-clinics
  list-users [--clinic <slug>]`;

class UsageError extends Error {}

/** Where links point: the instance's public URL, else the address the API listens on. */
function baseUrl(config: Config): string {
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST;
  return (config.PUBLIC_BASE_URL ?? `http://${host}:${config.PORT}`).replace(/\/+$/, "");
}

const CLI = { actorId: null, actorLabel: "pnpm admin", address: "command line" };

async function resetLink(db: Db, config: Config, email: string): Promise<string> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new UsageError(`No account has the email ${email}. See: pnpm admin list-users`);
  if (user.active !== 1) throw new UsageError(`${user.email} is deactivated; a reset link would not work.`);
  const clinic = forClinic(db, user.tenant_id);
  const link = await clinic.createOneTimeLink({
    purpose: "reset",
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    createdBy: null,
  });
  await clinic.recordAudit({ ...CLI, action: "user.reset_link_cli", targetType: "user", targetId: user.id });
  return `Reset link for ${user.email} (valid until ${link.expiresAt}, works once):\n${baseUrl(config)}/atur-sandi/${link.token}`;
}

async function createOperator(db: Db, config: Config, o: { email?: string; name?: string; clinic: string }) {
  if (!o.email || !o.name) throw new UsageError("create-operator needs --email and --name");
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(o.email)) throw new UsageError(`Not an email: ${o.email}`);
  const tenant = await findTenantBySlug(db, o.clinic);
  if (!tenant) throw new UsageError(`No clinic "${o.clinic}". See: pnpm admin list-clinics`);
  if (await findUserByEmail(db, o.email)) {
    throw new UsageError(
      `${o.email} already has an account; print a reset link instead: pnpm admin reset-link ${o.email}`,
    );
  }
  // A password nobody knows until the link sets one.
  const password = randomBytes(32).toString("base64url");
  const user = await createUser(db, {
    tenantId: tenant.id,
    email: o.email,
    name: o.name,
    password,
    role: "admin",
    operator: true,
  });
  await forClinic(db, tenant.id).recordAudit({
    ...CLI,
    action: "user.operator_create",
    targetType: "user",
    targetId: user.id,
    summary: { email: user.email, clinic: tenant.slug },
  });
  return `Operator ${user.email} created (admin of ${tenant.slug}).\n${await resetLink(db, config, user.email)}`;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

async function run(db: Db, config: Config, argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { email: { type: "string" }, name: { type: "string" }, clinic: { type: "string" } },
  });
  switch (command) {
    case "create-operator":
      return createOperator(db, config, { email: values.email, name: values.name, clinic: values.clinic ?? "demo" });
    case "reset-link": {
      const email = positionals[0] ?? values.email;
      if (!email) throw new UsageError("reset-link needs an email");
      return resetLink(db, config, email);
    }
    case "list-clinics": {
      const clinics = await listClinics(db);
      const rows = clinics.map((t) => [t.slug, t.name, t.kind ?? "", t.status, t.region_code ?? ""]);
      return table([["SLUG", "NAME", "KIND", "STATUS", "REGION"], ...rows]);
    }
    case "list-users": {
      const tenant = values.clinic ? await findTenantBySlug(db, values.clinic) : undefined;
      if (values.clinic && !tenant) throw new UsageError(`No clinic "${values.clinic}"`);
      const users = await listAccounts(db, tenant?.id);
      const rows = users.map((u) => [
        u.email,
        u.name,
        u.clinic_slug,
        u.role + (u.operator === 1 ? "+operator" : ""),
        u.active === 1 ? "active" : "deactivated",
        u.totp_enabled === 1 ? "2fa" : "",
      ]);
      return table([["EMAIL", "NAME", "CLINIC", "ROLE", "STATE", ""], ...rows]);
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}"` : "No command given");
  }
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : String(err));
  process.exit(1);
}
const handle = openDb(config.DATABASE_URL);
try {
  await migrateToLatest(handle.db);
  console.log(await run(handle.db, config, process.argv.slice(2)));
} catch (err) {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
  } else {
    console.error(`pnpm admin failed: ${(err as Error).message}`);
  }
  process.exitCode = 1;
} finally {
  await handle.close();
}
