/**
 * `pnpm bench <name> [args…]` runs scripts/bench/<name>.ts. A bench module
 * either runs on import or exports a default `main(argv)`.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !["index.ts"].includes(f) && !f.startsWith("_"))
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();
const [name, ...args] = process.argv.slice(2).filter((a) => a !== "--");
if (!name || !available.includes(name)) {
  console.error(`usage: pnpm bench <${available.join("|")}> [args]`);
  process.exit(name ? 2 : 0);
}
process.argv = [process.argv[0] ?? "node", `${here}${name}.ts`, ...args];
const mod = (await import(`./${name}.ts`)) as { default?: (argv: string[]) => Promise<void> };
if (typeof mod.default === "function") await mod.default(args);
