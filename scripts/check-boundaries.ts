/**
 * `pnpm check` part two: the house rules a linter does not know.
 * - Queries are built only in packages/db: code elsewhere reaches the database
 *   through a clinic-bound handle (`forClinic`) or a cross-clinic function.
 * - `process.env` is read only by packages/config (and the test helper that
 *   finds the test Postgres).
 * - Packages, services and workers never import scripts/ (arrows point one way).
 * - Source files (tests aside) stay under 300 lines.
 * Import cycles are found by madge, run next by `pnpm check`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const MAX_LINES = 300;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

const srcDirs = ["packages", "services", "workers"].flatMap((group) =>
  readdirSync(join(ROOT, group)).map((w) => join(ROOT, group, w, "src")),
);
const sources = srcDirs.filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory()).flatMap(files);

const QUERY = /\.(selectFrom|updateTable|insertInto|deleteFrom|replaceInto|withPlugin)\(|\bsql`|from "kysely"/;
const ENV = /\bprocess\.env\b/;
const SCRIPTS = /from "(\.\.\/)+scripts\//;
const isTest = (f: string) => /\.test\.tsx?$/.test(f);

const problems: string[] = [];
for (const file of sources) {
  const rel = relative(ROOT, file);
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const at = `${rel}:${i + 1}`;
    if (!rel.startsWith("packages/db/") && !isTest(rel) && QUERY.test(line)) {
      problems.push(`${at}: builds a query outside packages/db (use forClinic(...) or a cross-clinic function)`);
    }
    if (!rel.startsWith("packages/config/") && !isTest(rel) && rel !== "packages/db/src/testing.ts" && ENV.test(line)) {
      problems.push(`${at}: reads process.env outside packages/config (add it to the config schema)`);
    }
    if (SCRIPTS.test(line)) problems.push(`${at}: imports scripts/ (nothing imports scripts)`);
  });
  if (!isTest(rel) && lines.length > MAX_LINES) {
    problems.push(`${rel}: ${lines.length} lines (at most ${MAX_LINES}; split it by concept)`);
  }
}
for (const file of files(join(ROOT, "packages")).filter((f) => f.includes("/experiments/"))) {
  if (SCRIPTS.test(readFileSync(file, "utf8"))) problems.push(`${relative(ROOT, file)}: imports scripts/`);
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`\n${problems.length} boundary problem(s).`);
  process.exit(1);
}
console.log(`boundaries: ${sources.length} source files checked, no problem.`);
