/**
 * `pnpm doctor [--api=N --ingest=N --classifier=N]`: checks a deployment's
 * settings against its Redis, database and mail server, one line each, and
 * says what to fix. Exits 1 when anything is an error (warnings do not fail).
 * The process counts (default 1 each) size the Postgres connection budget.
 */
import { ConfigError, loadConfig } from "@klinik/config";
import {
  checkDatabase,
  checkRedis,
  checkSettings,
  checkSmtp,
  type Finding,
  isShared,
  type Processes,
} from "./lib/doctor-checks.ts";

const LABEL: Record<Finding["level"], string> = { ok: "ok   ", info: "info ", warn: "WARN ", error: "ERROR" };

function processes(argv: string[]): Processes {
  const counts: Processes = { api: 1, ingest: 1, classifier: 1 };
  for (const arg of argv) {
    const m = /^--(api|ingest|classifier)=(\d{1,4})$/.exec(arg);
    if (m) counts[m[1] as keyof Processes] = Number(m[2]);
    else {
      console.error(`unknown argument ${arg} (use --api=N --ingest=N --classifier=N)`);
      process.exit(2);
    }
  }
  return counts;
}

const counts = processes(process.argv.slice(2));
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  for (const line of err.message.split("\n").slice(1)) console.log(`${LABEL.error} config: ${line.trim()}`);
  process.exit(1);
}
console.log(
  `Klinik Hoaks doctor: ${isShared(config) ? "shared deployment (Postgres)" : "embedded (SQLite)"}, ` +
    `${counts.api} api, ${counts.ingest} ingest, ${counts.classifier} classifier process(es)`,
);
const groups = await Promise.all([
  checkRedis(config),
  checkDatabase(config, counts),
  Promise.resolve(checkSettings(config)),
  checkSmtp(config),
]);
const findings = groups.flat();
for (const x of findings) console.log(`${LABEL[x.level]} ${x.check}: ${x.message}`);
const errors = findings.filter((x) => x.level === "error").length;
const warnings = findings.filter((x) => x.level === "warn").length;
console.log(errors === 0 ? `No errors (${warnings} warning(s)).` : `${errors} error(s), ${warnings} warning(s).`);
process.exit(errors > 0 ? 1 : 0);
