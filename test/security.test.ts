import { createSession, createUser, forClinic } from "@klinik/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createClinic, createHarness, type Harness } from "./support/harness.ts";
import { postForm, seedClaim, uiSession } from "./ui/support.ts";

/**
 * The shared security suite. Every mounted route is found by enumerating the
 * app itself, so a new route is covered the moment it exists: an API route must
 * be in /openapi.json with `x-klinik-access` (see services/api/src/routes/define.ts),
 * a state-changing UI form must have an entry in UI_FORMS below, and a route with
 * a request body must have a valid sample in API_BODIES. Then each is tried the
 * ways in that do not belong.
 */

type Ids = { item: string; cluster: string; clarification: string; source: string };

/** A valid body per API route that takes one, so refusals are about who calls, not about the input. */
const API_BODIES: Record<string, (ids: Ids) => unknown> = {
  "POST /api/v1/auth/login": () => ({ email: "nobody@example.test", password: "x" }),
  "POST /api/v1/items/{id}/verdict": () => ({ verdict: "false" }),
  "POST /api/v1/clusters/{id}/verdict": () => ({ verdict: "false" }),
  "POST /api/v1/clarifications": (ids) => ({ title: "T", body: "B", verdict: "false", itemIds: [ids.item] }),
  "POST /api/v1/sources": () => ({ kind: "rss", name: "Feed", url: "https://contoh.test/feed.xml" }),
  "POST /api/v1/public/{tenant}/reports": () => ({ text: "Pesan berantai" }),
  "POST /api/v1/public/{tenant}/check": () => ({ text: "Pesan berantai" }),
  "POST /api/v1/ingest/{tenant}/webhook/{sourceId}": () => ({ text: "Pesan" }),
};

type UiForm = {
  /** Roles that may use the form; others get 403. */
  roles: ("admin" | "analyst")[];
  /** What `:id` is: another clinic's answers 404. */
  resource?: "cluster" | "clarification" | "source";
  /** Refused with 409 while a colleague holds the claim. */
  claim?: boolean;
  fields?: Record<string, string>;
  /** The login form has its own double-submit token and no session. */
  login?: true;
};

/** Every state-changing form of the web UI. */
const UI_FORMS: Record<string, UiForm> = {
  "/masuk": { roles: ["admin", "analyst"], login: true },
  "/keluar": { roles: ["admin", "analyst"] },
  "/antrean/massal": { roles: ["admin", "analyst"], fields: { aksi: "dismiss" } },
  "/klaster/:id/ambil": { roles: ["admin", "analyst"], resource: "cluster", claim: true },
  "/klaster/:id/putusan": {
    roles: ["admin", "analyst"],
    resource: "cluster",
    claim: true,
    fields: { verdict: "true" },
  },
  "/klaster/:id/perpanjang": { roles: ["admin", "analyst"], resource: "cluster", claim: true },
  "/klaster/:id/lepas": { roles: ["admin", "analyst"], resource: "cluster" },
  "/klaster/:id/catatan": { roles: ["admin", "analyst"], resource: "cluster", fields: { isi: "Catatan" } },
  "/klarifikasi": { roles: ["admin", "analyst"], fields: { judul: "J", isi: "I", verdict: "false" } },
  "/klarifikasi/:id/terbitkan": { roles: ["admin", "analyst"], resource: "clarification" },
  "/sumber": { roles: ["admin"], fields: { nama: "F", url: "https://contoh.test/f.xml", menit: "5", jenis: "rss" } },
  "/sumber/:id/jeda": { roles: ["admin"], resource: "source" },
  "/sumber/:id/lanjut": { roles: ["admin"], resource: "source" },
};

interface Op {
  "x-klinik-access"?: "public" | "clinic" | "webhook";
  "x-klinik-roles"?: ("admin" | "analyst")[];
  "x-klinik-resource"?: keyof Ids;
  "x-klinik-claim"?: boolean;
}

describe("shared security suite", () => {
  let h: Harness;
  let doc: { paths: Record<string, Record<string, Op>> };
  let home: Awaited<ReturnType<typeof createClinic>>;
  let analyst: { auth: Record<string, string>; cookie: string; csrf: string };
  let admin: { cookie: string; csrf: string };
  let foreignUi: { csrf: string };
  let theirs: Ids;
  let held: Ids;
  const apiRoutes: { method: string; path: string }[] = [];
  const uiPosts: string[] = [];

  beforeAll(async () => {
    h = await createHarness();
    home = await createClinic(h, "aceh", "admin");
    const other = await createClinic(h, "bali", "admin");
    const u = await createUser(h.db.db, {
      tenantId: home.tenant.id,
      email: "analis@aceh.test",
      name: "Analis Aceh",
      password: "kata-sandi-uji",
      role: "analyst",
    });
    const token = (await createSession(h.db.db, u, 1)).token;
    analyst = { auth: { authorization: `Bearer ${token}` }, ...(await uiSession(h, "analis@aceh.test")) };
    admin = await uiSession(h, "admin@aceh.test");
    foreignUi = await uiSession(h, "admin@bali.test");

    const seed = async (tenantId: string, text: string): Promise<Ids> => {
      const claim = await seedClaim(h, tenantId, { text, score: 0.9 });
      const db = forClinic(h.db.db, tenantId);
      const userId = tenantId === home.tenant.id ? home.user.id : other.user.id;
      const clar = await db.createClarification({ title: "K", body: "B", verdict: "false", itemIds: [], userId });
      if (!clar.ok) throw new Error("seed clarification");
      const src = await forClinic(h.db.db, tenantId).createSource({
        kind: "rss",
        name: "S",
        url: `https://contoh.test/${text.length}-${tenantId}.xml`,
        scheduleSec: 300,
      });
      return {
        item: claim.itemIds[0] ?? "",
        cluster: claim.clusterId,
        clarification: clar.clarification.id,
        source: src.id,
      };
    };
    theirs = await seed(other.tenant.id, "Milik klinik Bali");
    held = await seed(home.tenant.id, "Klaim yang dipegang admin Aceh");
    // The home clinic's admin holds this claim: the analyst is refused with 409.
    const until = new Date(Date.now() + 3600_000).toISOString();
    await forClinic(h.db.db, home.tenant.id).claimCluster({ clusterId: held.cluster, userId: home.user.id, until });

    doc = (await call(h, "GET", "/openapi.json")).body;
    // app.routes lists a route once per handler (middleware, validators, handler): once each here.
    const seen = new Set<string>();
    for (const r of h.app.routes) {
      const path = r.path.replace(/\/$/, "") || "/";
      if ((r.method !== "GET" && r.method !== "POST") || seen.has(`${r.method} ${path}`)) continue;
      seen.add(`${r.method} ${path}`);
      if (path.startsWith("/api/") || path === "/health") apiRoutes.push({ method: r.method, path });
      else if (r.method === "POST") uiPosts.push(path);
    }
  });
  afterAll(async () => h?.close());

  const docPath = (p: string) => p.replace(/:(\w+)/g, "{$1}");
  const fill = (p: string, id: string, slug = "aceh") =>
    p.replace("{id}", id).replace("{tenant}", slug).replace("{sourceId}", id);

  it("documents every mounted API route, with who may call it", () => {
    expect(apiRoutes.length).toBeGreaterThanOrEqual(20);
    const undocumented = apiRoutes.filter(
      (r) => !doc.paths[docPath(r.path)]?.[r.method.toLowerCase()]?.["x-klinik-access"],
    );
    expect(undocumented).toEqual([]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const needsBody = method === "post" && (op as { requestBody?: unknown }).requestBody !== undefined;
        if (needsBody) expect(API_BODIES[`POST ${path}`], `API_BODIES entry for POST ${path}`).toBeDefined();
      }
    }
  });

  it("has an entry for every state-changing UI form", () => {
    expect(uiPosts.length).toBeGreaterThanOrEqual(10);
    expect(uiPosts.filter((p) => !UI_FORMS[p])).toEqual([]);
  });

  /**
   * Every mounted API route whose documented operation `applies`, with its path in
   * OpenAPI form and a valid body for `ids`. The metadata drives the checks, so each
   * check also asserts how many routes it tried: dropped metadata cannot make it pass.
   */
  const routesWhere = (applies: (op: Op) => boolean, ids: Ids) =>
    apiRoutes.flatMap(({ method, path }) => {
      const doc_ = docPath(path);
      const op = doc.paths[doc_]?.[method.toLowerCase()];
      return op && applies(op) ? [{ method, path: doc_, op, body: API_BODIES[`${method} ${doc_}`]?.(ids) }] : [];
    });
  const send = (r: { method: string; body: unknown }, url: string, headers: Record<string, string>) =>
    call(h, r.method, url, { headers, ...(r.body ? { body: r.body } : {}) });

  it("refuses every clinic API route without a valid token (401)", async () => {
    const routes = routesWhere((op) => op["x-klinik-access"] === "clinic", theirs);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const r of routes) {
      const url = fill(r.path, theirs.item);
      const tries: Record<string, string>[] = [{}, { authorization: "Bearer not-a-real-token-000000000000" }];
      for (const headers of tries) {
        const res = await send(r, url, headers);
        expect([url, res.status, res.body?.error?.code]).toEqual([url, 401, "unauthorized"]);
      }
    }
  });

  it("answers another clinic's resource with 404 on every API route that takes one", async () => {
    const routes = routesWhere((op) => op["x-klinik-resource"] !== undefined, theirs);
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const r of routes) {
      const url = fill(r.path, theirs[r.op["x-klinik-resource"] ?? "item"]);
      expect([url, (await send(r, url, home.auth)).status]).toEqual([url, 404]);
    }
  });

  it("answers a role outside the route's roles with 403", async () => {
    const routes = routesWhere(
      (op) => op["x-klinik-access"] === "clinic" && !op["x-klinik-roles"]?.includes("analyst"),
      held,
    );
    expect(routes.length).toBeGreaterThan(0);
    for (const r of routes) {
      const url = fill(r.path, held[r.op["x-klinik-resource"] ?? "item"]);
      const res = await send(r, url, analyst.auth);
      expect([url, res.status, res.body?.error?.code]).toEqual([url, 403, "forbidden"]);
    }
  });

  it("answers 409 on claim routes while a colleague holds the claim", async () => {
    const routes = routesWhere((op) => op["x-klinik-claim"] === true, held);
    expect(routes.length).toBeGreaterThanOrEqual(3);
    for (const r of routes) {
      const url = fill(r.path, held[r.op["x-klinik-resource"] ?? "cluster"]);
      const res = await send(r, url, analyst.auth);
      expect([url, res.status, res.body?.error?.code]).toEqual([url, 409, "claimed"]);
    }
    expect((await forClinic(h.db.db, home.tenant.id).getCluster(held.cluster))?.status).toBe("in_review");
  });

  it("refuses a webhook push without the source's secret the same way, whatever was wrong", async () => {
    const routes = routesWhere((op) => op["x-klinik-access"] === "webhook", held);
    expect(routes.length).toBe(1);
    for (const r of routes) {
      const wrong = [
        ["aceh", held.source],
        ["aceh", "no-such-source"],
        ["no-such-clinic", held.source],
      ] as const;
      const answers = await Promise.all(
        wrong.map(([slug, id]) => send(r, fill(r.path, id, slug), { "x-klinik-signature": "x" })),
      );
      expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify(answers[0])]));
      expect(answers[0]?.status).toBe(401);
    }
  });

  it("refuses a cross-site body type (text/plain) on every API route that takes a body (415)", async () => {
    for (const key of Object.keys(API_BODIES)) {
      const [method, path] = key.split(" ") as [string, string];
      const url = fill(path, theirs.item);
      const r = await h.app.request(url, {
        method,
        headers: { "content-type": "text/plain", ...home.auth },
        body: JSON.stringify(API_BODIES[key]?.(theirs)),
      });
      expect([url, r.status]).toEqual([url, 415]);
    }
  });

  describe("UI forms", () => {
    const formUrl = (path: string, f: UiForm, ids: Ids) => path.replace(":id", f.resource ? ids[f.resource] : "x");

    it("refuses every form without a session (401) and without this session's CSRF token (403)", async () => {
      for (const [path, f] of Object.entries(UI_FORMS)) {
        const url = formUrl(path, f, held);
        if (f.login) {
          const r = await postForm(h, url, "", { email: "admin@aceh.test", password: "kata-sandi-uji" });
          expect([url, r.status]).toEqual([url, 403]);
          continue;
        }
        expect([url, (await postForm(h, url, "", { ...f.fields })).status]).toEqual([url, 401]);
        const missing = await postForm(h, url, admin.cookie, { ...f.fields });
        expect([url, missing.status]).toEqual([url, 403]);
        const foreign = await postForm(h, url, admin.cookie, { ...f.fields, _csrf: foreignUi.csrf });
        expect([url, foreign.status]).toEqual([url, 403]);
      }
    });

    // Each refusal of a valid session: which forms, whose ids, who posts, and the answer.
    // Getters, because the ids and sessions exist only once beforeAll has run.
    it.each([
      {
        title: "answers another clinic's resource with 404 on every form that takes one",
        applies: (f: UiForm) => f.resource !== undefined,
        ids: () => theirs,
        as: () => admin,
        status: 404,
      },
      {
        title: "answers a role outside the form's roles with 403",
        applies: (f: UiForm) => !f.roles.includes("analyst"),
        ids: () => held,
        as: () => analyst,
        status: 403,
      },
      {
        title: "answers 409 on claim forms while a colleague holds the claim",
        applies: (f: UiForm) => f.claim === true,
        ids: () => held,
        as: () => analyst,
        status: 409,
      },
    ])("$title", async ({ applies, ids, as, status }) => {
      const { cookie, csrf } = as();
      const forms = Object.entries(UI_FORMS).filter(([, f]) => applies(f));
      expect(forms.length).toBeGreaterThan(0);
      for (const [path, f] of forms) {
        const url = formUrl(path, f, ids());
        const r = await postForm(h, url, cookie, { ...f.fields, _csrf: csrf });
        expect([url, r.status]).toEqual([url, status]);
      }
    });
  });
});
