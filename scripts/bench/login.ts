// Logins under attack: the owner's login time alone and while bad logins hammer the API.
//
//   pnpm bench login                        # 11 timed owner logins per scenario, 24 attackers
//   pnpm bench login --logins=30 --attackers=48
//
// The API runs in-process on a free port (fresh SQLite, real Redis, TRUST_PROXY=1 so
// X-Forwarded-For stands for the client address). Two login paths, side by side:
//   before  c204e65's login, mounted in front of the app: a per-email in-memory lock
//           after 10 failures, every other attempt verified with scrypt;
//   api     the app's own POST /api/v1/auth/login as wired now.
// Scrypt runs on libuv's thread pool (4 threads): every verified bad login queues
// before the owner's. The last scenario is what no per-address limit can stop.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createSession, createTenant, createUser, type Db, findUserByEmail, verifyPassword } from "@klinik/db";
import { type Context, Hono } from "hono";
import { benchApp } from "./_app.ts";
import { arg, percentile, table } from "./_util.ts";

const LOGIN = "/api/v1/auth/login";
const OWNER = { email: "pemilik@bench.test", password: "kata-sandi-pemilik" };
const OWNER_ADDRESS = "198.51.100.7";

interface Scenario {
  name: string;
  /** Address and email of the n-th bad login, or none for the owner alone. */
  attack?: (n: number) => { address: string; email: string };
}

const SCENARIOS: Scenario[] = [
  { name: "owner alone" },
  { name: "1 address, unknown emails", attack: (n) => ({ address: "203.0.113.1", email: `x${n}@attacker.test` }) },
  {
    name: "new address each, unknown emails",
    attack: (n) => ({ address: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, email: `y${n}@attacker.test` }),
  },
  // Last: the old path locks the owner's email for 15 minutes.
  { name: "1 address, owner's email", attack: () => ({ address: "203.0.113.2", email: OWNER.email }) },
];

export default async function main(args: string[]): Promise<void> {
  const logins = arg(args, "logins", 11);
  const attackers = arg(args, "attackers", 24);
  const rows: (string | number)[][] = [
    ["path", "scenario", "owner p50 ms", "owner p95 ms", "owner ok", "bad logins/s", "verified (401)", "refused (429)"],
  ];
  for (const path of ["before", "api"] as const) {
    const server = await startServer(path);
    try {
      for (const s of SCENARIOS) {
        const r = await run(server.url, s, logins, attackers);
        rows.push([path, s.name, r.p50, r.p95, `${r.ok}/${logins}`, r.perSec, r.verified, r.refused]);
      }
    } finally {
      await server.close();
    }
  }
  console.log(table(rows));
}

async function run(url: string, s: Scenario, logins: number, attackers: number) {
  let stop = !s.attack;
  let n = 0;
  const counts = { verified: 0, refused: 0, firstWave: 0 };
  const attack = s.attack;
  const workers = attack
    ? Array.from({ length: attackers }, async () => {
        while (!stop) {
          const i = n++;
          const { address, email } = attack(i);
          const status = await post(url, address, { email, password: "tebakan" });
          if (i < attackers) counts.firstWave++;
          if (status === 401) counts.verified++;
          else if (status === 429) counts.refused++;
        }
      })
    : [];
  // Time the owner once the first wave (one request per attacker, all admitted by an
  // empty throttle) has been answered: steady state, not the throttle's start.
  while (attack && counts.firstWave < attackers) await new Promise((r) => setTimeout(r, 50));
  const before = { ...counts };
  const t0 = performance.now();
  const times: number[] = [];
  let ok = 0;
  for (let i = 0; i < logins; i++) {
    const start = performance.now();
    if ((await post(url, OWNER_ADDRESS, OWNER)) === 200) ok++;
    times.push(performance.now() - start);
  }
  const seconds = (performance.now() - t0) / 1000;
  stop = true;
  await Promise.all(workers);
  times.sort((a, b) => a - b);
  const verified = counts.verified - before.verified;
  const refused = counts.refused - before.refused;
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    ok,
    perSec: attack ? Math.round((verified + refused) / seconds) : "–",
    verified: attack ? verified : "–",
    refused: attack ? refused : "–",
  };
}

async function post(url: string, address: string, body: { email: string; password: string }): Promise<number> {
  const res = await fetch(`${url}${LOGIN}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

async function startServer(path: "before" | "api") {
  const bench = await benchApp("login", { TRUST_PROXY: "1" });
  const tenant = await createTenant(bench.db.db, { slug: "bench", name: "Klinik Bench" });
  await createUser(bench.db.db, { tenantId: tenant.id, name: "Pemilik", role: "admin", ...OWNER });
  const outer = new Hono();
  if (path === "before") outer.post(LOGIN, legacyLogin(bench.db.db));
  // env carries node-server's socket, which the app reads the client address from.
  outer.all("*", (c) => bench.app.fetch(c.req.raw, c.env));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: outer.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise((r) => server.close(r));
      await bench.close();
    },
  };
}

// c204e65's services/api/src/credentials.ts and login route, condensed.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
function legacyLogin(db: Db) {
  const failures = new Map<string, number[]>();
  return async (c: Context) => {
    const { email, password } = (await c.req.json()) as { email: string; password: string };
    const key = email.trim().toLowerCase();
    const now = Date.now();
    const recent = (failures.get(key) ?? []).filter((t) => now - t < 15 * 60_000);
    if (recent.length >= 10) return c.json({ error: { code: "too_many_attempts" } }, 429);
    const user = await findUserByEmail(db, key);
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok) {
      if (failures.size > 100_000) failures.clear();
      failures.set(key, [...recent, now]);
      return c.json({ error: { code: "invalid_credentials" } }, 401);
    }
    failures.delete(key);
    const { token } = await createSession(db, user, 1);
    return c.json({ token });
  };
}
