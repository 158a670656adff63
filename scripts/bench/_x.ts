import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { startBenchServer } from "./_http-load.ts";
const variants = (process.env.XV ?? "silent:error:sync,info:info:sync,info:info:8192").split(",");
const rounds = Number(process.env.XR ?? 4);
const secs = Number(process.env.XS ?? 4);
const dir = mkdtempSync(join(tmpdir(), "x-"));
const servers: { name: string; port: number; id?: string; child: any }[] = [];
for (const [i, v] of variants.entries()) {
  const [a, l, d, extra] = v.split(":");

  process.env.XACCESS = a; process.env.XLOG = l; process.env.XDEST = d; process.env.XEXTRA = extra ?? "";
  const s = await startBenchServer("_public-server.ts", ["api", `sqlite:${join(dir, `b${i}.sqlite`)}`, `x${i}${Date.now()}`]);
  servers.push({ name: v, ...s });
}
const path = `/k/bench/klarifikasi/${servers[0]!.id}`;
const size = (await (await fetch(`http://127.0.0.1:${servers[0]!.port}${path}`)).text()).length;
const bare = await startBenchServer("_public-server.ts", ["bare", String(size)]);
const targets = [{ name: "bare", port: bare.port, id: servers[0]!.id, child: bare.child }, ...servers];
import { readFileSync } from "node:fs";
const cpu = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" "); return (Number(f[11]) + Number(f[12])) * 10; };
const us: number[][] = [];
const run = async (t: any, d: number, i = -1) => { const c0 = cpu(t.child.pid); const r = await autocannon({ url: `http://127.0.0.1:${t.port}/k/bench/klarifikasi/${t.id}`, connections: 50, duration: d }); const c1 = cpu(t.child.pid); if (i >= 0) (us[i] ??= []).push(((c1 - c0) * 1000) / r.requests.total); return r.requests.average; };
for (const t of targets) await run(t, 2);
const res: number[][] = targets.map(() => []);
for (let r = 0; r < rounds; r++) for (const [i, t] of targets.entries()) res[i]!.push(await run(t, secs, i));
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [i, t] of targets.entries()) {
  const ratios = res[i]!.map((x, k) => x / res[0]![k]!);
  console.log(`${t.name.padEnd(28)} rps ${res[i]!.map((x) => Math.round(x)).join(" / ")}  ratio ${ratios.map((x) => x.toFixed(2)).join(" / ")} med ${med(ratios).toFixed(2)}  cpu µs/req ${us[i]!.map((x) => x.toFixed(1)).join(" / ")} med ${med(us[i]!).toFixed(1)}`);
}
for (const t of [bare, ...servers]) t.child.kill("SIGTERM");
setTimeout(() => process.exit(0), 500);
