import { PERMISSIONS, type Permission } from "@klinik/api";
import type { UserRole } from "@klinik/core";
import {
  API_TOKEN_PREFIX,
  clinicModels,
  createSession,
  createUser,
  forClinic,
  newId,
  nowIso,
  recordInstanceRun,
  sha256,
} from "@klinik/db";
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

type Ids = {
  item: string;
  cluster: string;
  clarification: string;
  source: string;
  user: string;
  token: string;
  clinic: string;
  escalation: string;
  /** A promoted training run of the clinic's model (rollback target). */
  model: string;
  /** A partner webhook subscription. */
  webhook: string;
  /** A promoted run of the instance-wide model (the operator's rollback target). */
  instanceModel: string;
};

/** Who may act: a clinic role, or the instance operator (a flag beside the role). */
type Grant = UserRole | "operator";
const ROLES: UserRole[] = ["admin", "analyst", "publisher", "viewer"];

/** A valid body per API route that takes one, so refusals are about who calls, not about the input. */
const API_BODIES: Record<string, (ids: Ids) => unknown> = {
  "POST /api/v1/auth/login": () => ({ email: "nobody@example.test", password: "x" }),
  "POST /api/v1/items/{id}/verdict": () => ({ verdict: "false" }),
  "POST /api/v1/clusters/{id}/verdict": () => ({ verdict: "false" }),
  "POST /api/v1/clarifications": (ids) => ({ title: "T", body: "B", verdict: "false", itemIds: [ids.item] }),
  "POST /api/v1/clarifications/{id}/reject": () => ({ reason: "Sumber resmi belum dikutip" }),
  "PATCH /api/v1/clarifications/{id}": () => ({ title: "Judul baru" }),
  "POST /api/v1/clarifications/{id}/withdraw": () => ({ reason: "Sumber ternyata keliru" }),
  "POST /api/v1/sources": () => ({ kind: "rss", name: "Feed", url: "https://contoh.test/feed.xml" }),
  "POST /api/v1/public/{tenant}/reports": () => ({ text: "Pesan berantai" }),
  "POST /api/v1/public/{tenant}/check": () => ({ text: "Pesan berantai" }),
  "POST /api/v1/ingest/{tenant}/webhook/{sourceId}": () => ({ text: "Pesan" }),
  "POST /api/v1/clinics/{id}/invites": () => ({ email: "baru@contoh.test", name: "Baru", role: "analyst" }),
  "POST /api/v1/auth/invites/{token}": () => ({ password: "gunung-kopi-sepeda-hujan" }),
  "POST /api/v1/auth/resets/{token}": () => ({ password: "gunung-kopi-sepeda-hujan" }),
  "POST /api/v1/auth/password": () => ({ current: "salah-sekali-ini", next: "gunung-kopi-sepeda-hujan" }),
  "POST /api/v1/auth/totp/confirm": () => ({ code: "000000" }),
  "POST /api/v1/auth/totp/disable": () => ({ password: "salah-sekali-ini", code: "000000" }),
  "POST /api/v1/users/{id}/role": () => ({ role: "viewer" }),
  "POST /api/v1/tokens": () => ({ name: "Integrasi", scopes: ["read"] }),
  "POST /api/v1/webhooks": () => ({ url: "https://mitra.example/kabar", description: "Mitra" }),
  "POST /api/v1/items": () => ({ text: "Pesan berantai dari integrasi" }),
  "POST /api/v1/clinics": () => ({ regionCode: "32", withChildren: true }),
  "PATCH /api/v1/clinics/{id}": () => ({ contact: "humas@contoh.test", requireApproval: true }),
  "POST /api/v1/clusters/{id}/escalate": () => ({ reason: "Isu lintas kabupaten" }),
  "POST /api/v1/escalations/{id}/answer": () => ({ answer: "Sudah diklarifikasi provinsi", verdict: "false" }),
  "POST /api/v1/escalations/{id}/return": () => ({ reason: "Cukup ditangani kabupaten" }),
  "POST /api/v1/clusters/{id}/assign": () => ({ assignee: "me" }),
  "POST /api/v1/clusters/bulk": (ids) => ({ clusterIds: [ids.cluster], action: { kind: "dismiss" } }),
  "POST /api/v1/clusters/undo": () => ({ actionId: "00000000-0000-4000-8000-000000000000" }),
  "POST /api/v1/clusters/{id}/revert": () => ({ actionId: "00000000-0000-4000-8000-000000000000" }),
  "POST /api/v1/clusters/{id}/evidence": () => ({ url: "https://contoh.test/bukti", title: "Siaran pers" }),
  "POST /api/v1/clarifications/{id}/evidence": () => ({ url: "https://contoh.test/bukti", title: "Siaran pers" }),
  "PUT /api/v1/auth/notifications": () => ({
    enabled: true,
    minScore: 0.8,
    assigned: true,
    telegramChatId: null,
    emailDigest: false,
  }),
  "PUT /api/v1/notification-channels": () => ({ emailDigest: true }),
};

type UiForm = {
  /** What the form does in the services' permission table: the roles that may use it come from there. */
  permission: Permission;
  /** What `:id` is: another clinic's answers 404. */
  resource?: keyof Ids;
  /** Refused with 409 while a colleague holds the claim. */
  claim?: boolean;
  fields?: Record<string, string>;
  /** The login form has its own double-submit token and no session. */
  login?: true;
  /** What `:id` is on an operator's form: an instance-wide thing, no clinic's (so no 404 for another clinic). */
  operatorResource?: "instanceModel";
};

/** Every state-changing form of the web UI. */
const UI_FORMS: Record<string, UiForm> = {
  "/masuk": { permission: "session.end", login: true },
  "/keluar": { permission: "session.end" },
  "/antrean/massal": { permission: "verdict.give", fields: { aksi: "dismiss" } },
  "/klaster/:id/ambil": { permission: "claim.take", resource: "cluster", claim: true },
  "/klaster/:id/putusan": {
    permission: "verdict.give",
    resource: "cluster",
    claim: true,
    fields: { verdict: "true" },
  },
  "/klaster/:id/perpanjang": { permission: "claim.take", resource: "cluster", claim: true },
  "/klaster/:id/lepas": { permission: "claim.take", resource: "cluster" },
  "/klaster/:id/catatan": { permission: "note.write", resource: "cluster", fields: { isi: "Catatan" } },
  "/klarifikasi": { permission: "clarification.write", fields: { judul: "J", isi: "I", verdict: "false" } },
  "/klarifikasi/:id/terbitkan": {
    permission: "clarification.publish",
    resource: "clarification",
    fields: { konfirmasi: "ya" },
  },
  "/klarifikasi/:id/ubah": {
    permission: "clarification.write",
    resource: "clarification",
    fields: { judul: "J", isi: "I", verdict: "false", aksi: "simpan" },
  },
  "/klarifikasi/:id/kunci": { permission: "clarification.write", resource: "clarification" },
  "/klarifikasi/:id/lepas": { permission: "clarification.write", resource: "clarification" },
  "/klarifikasi/:id/ambil-alih": { permission: "clarification.write", resource: "clarification" },
  "/klarifikasi/:id/tarik": {
    permission: "clarification.publish",
    resource: "clarification",
    fields: { alasan: "Sumber ternyata keliru" },
  },
  "/klarifikasi/:id/setujui": { permission: "clarification.approve", resource: "clarification" },
  "/klarifikasi/:id/kembalikan": {
    permission: "clarification.approve",
    resource: "clarification",
    fields: { alasan: "Sumber resmi belum dikutip" },
  },
  "/sumber": {
    permission: "source.manage",
    fields: { nama: "F", url: "https://contoh.test/f.xml", menit: "5", jenis: "rss" },
  },
  "/sumber/:id/jeda": { permission: "source.manage", resource: "source" },
  "/sumber/:id/lanjut": { permission: "source.manage", resource: "source" },
  "/masuk/kode": { permission: "session.end", login: true },
  // The public report form has no session: a signed form stamp and a trap field instead (403 without the stamp).
  "/k/:slug/lapor": { permission: "session.end", login: true },
  "/undangan/:token": { permission: "session.end", login: true },
  "/atur-sandi/:token": { permission: "session.end", login: true },
  "/orang/undang": {
    permission: "people.manage",
    fields: { email: "baru@contoh.test", nama: "Baru", peran: "viewer" },
  },
  "/orang/:id/atur-ulang": { permission: "people.manage", resource: "user" },
  "/orang/:id/nonaktifkan": { permission: "people.manage", resource: "user" },
  "/orang/undangan/:id/tarik": { permission: "people.manage" },
  "/orang/:id/aktifkan": { permission: "people.manage", resource: "user" },
  "/orang/:id/peran": { permission: "people.manage", resource: "user", fields: { peran: "viewer" } },
  "/akun/sandi": {
    permission: "account.manage",
    fields: { sandi_lama: "salah-sekali-ini", sandi: "gunung-kopi-sepeda-hujan", ulangi: "gunung-kopi-sepeda-hujan" },
  },
  "/akun/keluar-semua": { permission: "session.end" },
  "/akun/dua-langkah/mulai": { permission: "account.manage" },
  "/akun/dua-langkah/aktifkan": { permission: "account.manage", fields: { kode: "000000" } },
  "/akun/dua-langkah/matikan": { permission: "account.manage", fields: { sandi: "salah-sekali-ini", kode: "000000" } },
  "/token": { permission: "token.manage", fields: { nama: "Integrasi", cakupan: "read" } },
  "/token/:id/cabut": { permission: "token.manage", resource: "token" },
  "/model/latih": { permission: "model.train" },
  "/model/:id/aktifkan": { permission: "model.train", resource: "model", fields: { konfirmasi: "ya" } },
  "/model/instansi/latih": { permission: "instance.operate" },
  "/model/instansi/:id/aktifkan": {
    permission: "instance.operate",
    operatorResource: "instanceModel",
    fields: { konfirmasi: "ya" },
  },
  "/klinik": { permission: "clinic.create", fields: { wilayah: "32", anak: "1" } },
  "/pengaturan": { permission: "clinic.settings", fields: { kontak: "humas@contoh.test" } },
  "/klaster/:id/tugaskan": { permission: "claim.assign", resource: "cluster", fields: { kepada: "saya" } },
  "/klaster/:id/batalkan": { permission: "verdict.give", resource: "cluster", fields: { aksi: "x" } },
  "/antrean/urungkan": { permission: "verdict.give", fields: { aksi: "x" } },
  "/klaster/:id/bukti": {
    permission: "note.write",
    resource: "cluster",
    fields: { url: "https://contoh.test/bukti", judul: "Siaran pers", jenis: "official" },
  },
  "/klaster/:id/bukti/:bukti/hapus": { permission: "note.write", resource: "cluster" },
  "/pengaturan/notifikasi": { permission: "clinic.settings", fields: { ringkasan: "1" } },
  "/pengaturan/webhook": {
    permission: "webhook.manage",
    fields: { url: "https://mitra.example/kabar", keterangan: "Mitra" },
  },
  "/pengaturan/webhook/:id/matikan": { permission: "webhook.manage", resource: "webhook" },
  "/akun/notifikasi": { permission: "notify.receive", fields: { aktif: "1", skor: "80" } },
  "/klaster/:id/eskalasi": { permission: "claim.escalate", resource: "cluster", fields: { alasan: "Isu provinsi" } },
  "/eskalasi/:id/jawab": {
    permission: "escalation.answer",
    resource: "escalation",
    fields: { jawaban: "Sudah diklarifikasi", verdict: "false" },
  },
  "/eskalasi/:id/kembalikan": { permission: "escalation.answer", resource: "escalation", fields: { alasan: "Lokal" } },
  // The operator's queue dashboard (bull-board) is read only: every change answers 403, the operator's too.
  "/admin/antrean/api/queues/:queueName/add": { permission: "instance.operate" },
};

interface Op {
  "x-klinik-access"?: "public" | "clinic" | "webhook" | "operator";
  "x-klinik-permission"?: string;
  "x-klinik-roles"?: Grant[];
  "x-klinik-scopes"?: string[];
  "x-klinik-resource"?: keyof Ids;
  "x-klinik-claim"?: boolean;
  /** What the `{id}` of an operator route is (an instance-wide thing, no clinic's). */
  "x-klinik-operator-resource"?: "instanceModel";
}

/** What a person of a clinic that requires two-factor may still do before setting it up. */
const BEFORE_TOTP = ["account.manage", "session.end"];
const METHODS = new Set(["GET", "POST", "PATCH", "PUT", "DELETE"]);

describe("shared security suite", () => {
  let h: Harness;
  let doc: { paths: Record<string, Record<string, Op>> };
  let home: Awaited<ReturnType<typeof createClinic>>;
  type Person = { id: string; auth: Record<string, string>; cookie: string; csrf: string };
  /** One person per role in the home clinic (the admin is no operator). */
  const people = {} as Record<UserRole, Person>;
  let analyst: Person;
  let admin: Person;
  /** Integration tokens of the home clinic: read-only, and every scope. */
  const tokens = { read: {} as Record<string, string>, all: {} as Record<string, string> };
  /** A person deactivated after signing in, and one whose clinic requires two-factor they lack. */
  let deactivated: Person;
  let withoutTotp: Person;
  let foreignUi: { csrf: string };
  let theirs: Ids;
  let held: Ids;
  const apiRoutes: { method: string; path: string }[] = [];
  const uiPosts: string[] = [];

  beforeAll(async () => {
    h = await createHarness();
    home = await createClinic(h, "aceh", "admin");
    const other = await createClinic(h, "bali", "admin");
    const person = async (tenantId: string, email: string, role: UserRole): Promise<Person> => {
      const u = await createUser(h.db.db, { tenantId, email, name: email, password: "kata-sandi-uji", role });
      const token = (await createSession(h.db.db, u, 1)).token;
      return { id: u.id, auth: { authorization: `Bearer ${token}` }, ...(await uiSession(h, email)) };
    };
    people.admin = { id: home.user.id, auth: home.auth, ...(await uiSession(h, "admin@aceh.test")) };
    for (const role of ["analyst", "publisher", "viewer"] as const) {
      people[role] = await person(home.tenant.id, `${role}@aceh.test`, role);
    }
    analyst = people.analyst;
    admin = people.admin;
    foreignUi = await uiSession(h, "admin@bali.test");
    const integrationToken = async (tenantId: string, createdBy: string, scopes: string) => {
      const token = `${API_TOKEN_PREFIX}${newId().replaceAll("-", "")}`;
      const id = newId();
      await h.db.db
        .insertInto("api_tokens")
        .values({
          id,
          tenant_id: tenantId,
          name: scopes,
          token_hash: sha256(token),
          scopes,
          created_by: createdBy,
          created_at: nowIso(),
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
      return { id, auth: { authorization: `Bearer ${token}` } };
    };
    tokens.read = (await integrationToken(home.tenant.id, home.user.id, "read")).auth;
    tokens.all = (await integrationToken(home.tenant.id, home.user.id, "read,ingest,publish")).auth;
    deactivated = await person(home.tenant.id, "keluar@aceh.test", "admin");
    await h.db.db.updateTable("users").set({ active: 0 }).where("id", "=", deactivated.id).execute();
    const strict = await createClinic(h, "cianjur", "admin");
    await h.db.db.updateTable("tenants").set({ require_totp: 1 }).where("id", "=", strict.tenant.id).execute();
    withoutTotp = { id: strict.user.id, auth: strict.auth, cookie: "", csrf: "" };

    const seed = async (tenantId: string, text: string): Promise<Ids> => {
      const claim = await seedClaim(h, tenantId, { text, score: 0.9 });
      const db = forClinic(h.db.db, tenantId);
      const owner = tenantId === home.tenant.id ? home : other;
      const userId = owner.user.id;
      const clar = await db.createClarification({ title: "K", body: "B", verdict: "false", itemIds: [], userId });
      if (!clar.ok) throw new Error("seed clarification");
      const src = await forClinic(h.db.db, tenantId).createSource({
        kind: "rss",
        name: "S",
        url: `https://contoh.test/${text.length}-${tenantId}.xml`,
        scheduleSec: 300,
      });
      const escalation = newId();
      await h.db.db
        .insertInto("escalations")
        .values({
          id: escalation,
          tenant_id: tenantId,
          province_id: tenantId,
          cluster_id: claim.clusterId,
          status: "open",
          reason: null,
          answer: null,
          created_by: userId,
          created_at: nowIso(),
          resolved_by: null,
          resolved_at: null,
        })
        .execute();
      return {
        item: claim.itemIds[0] ?? "",
        cluster: claim.clusterId,
        clarification: clar.clarification.id,
        source: src.id,
        // Home's: a colleague (the viewer) to act on; another clinic's: its admin.
        user: tenantId === home.tenant.id ? people.viewer.id : userId,
        token: (await integrationToken(tenantId, userId, "read")).id,
        clinic: tenantId,
        escalation,
        webhook: (
          await forClinic(h.db.db, tenantId).webhooks.createSubscription({
            name: "Mitra",
            url: "https://mitra.example/kabar",
            secret: "whsec_test",
            userId,
          })
        ).id,
        model: (
          await clinicModels(h.db.db, tenantId).recordModelRun({
            version: `sec-${tenantId}`,
            base_version: "base",
            outcome: "promoted",
            trigger: "request",
            verdicts: 20,
            positives: 10,
            held_out: 5,
            metrics: "{}",
            refusal: null,
            trained_through: null,
            train_ms: 1,
            artefact: null,
            artefact_bytes: 0,
          })
        ).id,
        instanceModel: (
          await recordInstanceRun(h.db.db, {
            version: `sec-instance-${tenantId}`,
            base_version: "base",
            outcome: "promoted",
            trigger: "request",
            verdicts: 40,
            positives: 20,
            held_out: 8,
            metrics: "{}",
            refusal: null,
            trained_through: null,
            train_ms: 1,
            artefact: null,
            artefact_bytes: 0,
          })
        ).id,
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
      if (!METHODS.has(r.method) || seen.has(`${r.method} ${path}`)) continue;
      seen.add(`${r.method} ${path}`);
      if (path.startsWith("/api/") || path === "/health" || path === "/metrics")
        apiRoutes.push({ method: r.method, path });
      else if (r.method === "POST") uiPosts.push(path);
    }
  });
  afterAll(async () => h?.close());

  const docPath = (p: string) => p.replace(/:(\w+)/g, "{$1}");
  const fill = (p: string, id: string, slug = "aceh") =>
    p
      .replace("{id}", id)
      .replace("{tenant}", slug)
      .replace("{sourceId}", id)
      .replace("{token}", id)
      .replace("{evidenceId}", id);
  const idFor = (op: Op, ids: Ids) => ids[op["x-klinik-resource"] ?? "item"];

  it("documents every mounted API route, with who may call it", () => {
    expect(apiRoutes.length).toBeGreaterThanOrEqual(20);
    const undocumented = apiRoutes.filter(
      (r) => !doc.paths[docPath(r.path)]?.[r.method.toLowerCase()]?.["x-klinik-access"],
    );
    expect(undocumented).toEqual([]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        const needsBody = (op as { requestBody?: unknown }).requestBody !== undefined;
        if (needsBody) expect(API_BODIES[key], `API_BODIES entry for ${key}`).toBeDefined();
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
      const url = fill(r.path, idFor(r.op, theirs));
      expect([url, (await send(r, url, home.auth)).status]).toEqual([url, 404]);
    }
  });

  it("answers every role outside the route's roles with 403 (the admin is no operator)", async () => {
    const routes = routesWhere((op) => op["x-klinik-access"] === "clinic", held);
    let tried = 0;
    for (const r of routes) {
      const url = fill(r.path, idFor(r.op, held));
      for (const role of ROLES.filter((x) => !r.op["x-klinik-roles"]?.includes(x))) {
        const res = await send(r, url, people[role].auth);
        expect([url, role, res.status, res.body?.error?.code]).toEqual([url, role, 403, "forbidden"]);
        tried += 1;
      }
    }
    expect(tried).toBeGreaterThanOrEqual(10);
  });

  it("answers an integration token 403 on every route its scopes do not allow", async () => {
    const routes = routesWhere((op) => op["x-klinik-access"] === "clinic", held);
    let tried = 0;
    for (const r of routes) {
      const url = fill(r.path, idFor(r.op, held));
      const scopes = r.op["x-klinik-scopes"] ?? [];
      for (const [name, auth] of [
        ["read", tokens.read],
        ["all", tokens.all],
      ] as const) {
        if (name === "read" ? scopes.includes("read") : scopes.length > 0) continue;
        const res = await send(r, url, auth);
        expect([url, name, res.status, res.body?.error?.code]).toEqual([url, name, 403, "forbidden"]);
        tried += 1;
      }
    }
    expect(tried).toBeGreaterThanOrEqual(10);
  });

  it("answers a deactivated person's session 401 on every clinic route", async () => {
    const routes = routesWhere((op) => op["x-klinik-access"] === "clinic", held);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const r of routes) {
      const url = fill(r.path, idFor(r.op, held));
      expect([url, (await send(r, url, deactivated.auth)).status]).toEqual([url, 401]);
    }
    const page = await h.app.request("/antrean", { headers: { cookie: deactivated.cookie } });
    expect(page.status).toBe(303);
  });

  it("lets a person of a clinic requiring two-factor only set it up until they have", async () => {
    const routes = routesWhere(
      (op) => op["x-klinik-access"] === "clinic" && !BEFORE_TOTP.includes(op["x-klinik-permission"] ?? ""),
      held,
    );
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const r of routes) {
      const url = fill(r.path, idFor(r.op, held));
      const res = await send(r, url, withoutTotp.auth);
      // Refused before anything is looked up: 403, never another clinic's 404 or a 2xx.
      expect([url, res.status]).toEqual([url, 403]);
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

  it("lets only the instance operator call operator routes (401 without a valid token, 403 for anyone else)", async () => {
    const routes = routesWhere((op) => op["x-klinik-access"] === "operator", held);
    expect(routes.length).toBeGreaterThanOrEqual(1);
    const u = await createUser(h.db.db, {
      tenantId: home.tenant.id,
      email: "operator@aceh.test",
      name: "Operator",
      password: "kata-sandi-uji",
      role: "viewer",
      operator: true,
    });
    const operator = { authorization: `Bearer ${(await createSession(h.db.db, u, 1)).token}` };
    for (const r of routes) {
      const resource = r.op["x-klinik-operator-resource"];
      const url = fill(r.path, resource ? held[resource] : held.item);
      const strangers = [{}, { authorization: "Bearer not-a-real-token-000000000000" }, deactivated.auth];
      for (const headers of strangers) expect([url, (await send(r, url, headers)).status]).toEqual([url, 401]);
      const others = [
        ...ROLES.map((role) => [role, people[role].auth] as const),
        ["read token", tokens.read],
        ["token with every scope", tokens.all],
      ] as const;
      for (const [who, headers] of others) {
        const res = await send(r, url, headers);
        expect([url, who, res.status, res.body?.error?.code]).toEqual([url, who, 403, "forbidden"]);
      }
      const res = await send(r, url, operator);
      expect([url, res.status < 300]).toEqual([url, true]);
    }
  });

  it("reads statistics only within the caller's reach: own clinic, a province's regencies, the instance for the operator", async () => {
    const everyone = [
      ...ROLES.map((role) => [role, people[role].auth] as const),
      ["read token", tokens.read],
      ["token with every scope", tokens.all],
    ] as const;
    for (const path of ["/api/v1/stats", "/api/v1/stats.csv"]) {
      for (const [who, headers] of everyone) {
        const status = async (q: string) => (await call(h, "GET", `${path}?${q}`, { headers })).status;
        // Home is an independent clinic: its own figures only.
        expect([path, who, await status("scope=clinic")]).toEqual([path, who, 200]);
        expect([path, who, await status("scope=instance")]).toEqual([path, who, 403]);
        expect([path, who, await status("scope=province")]).toEqual([path, who, 403]);
        expect([path, who, await status(`clinic=${theirs.clinic}`)]).toEqual([path, who, 404]);
        expect([path, who, await status(`scope=province&clinic=${theirs.clinic}`)]).toEqual([path, who, 404]);
      }
    }
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
    const formUrl = (path: string, f: UiForm, ids: Ids) =>
      path
        .replace(":id", f.resource ? ids[f.resource] : f.operatorResource ? ids[f.operatorResource] : "x")
        .replace(":slug", "aceh");

    it("refuses every form without a session (401) and without this session's CSRF token (403)", async () => {
      for (const [path, f] of Object.entries(UI_FORMS)) {
        const url = formUrl(path, f, held);
        if (f.login) {
          const r = await postForm(h, url, "", { email: "admin@aceh.test", password: "kata-sandi-uji" });
          expect([url, r.status]).toEqual([url, 403]);
          continue;
        }
        const anon = await postForm(h, url, "", { ...f.fields });
        expect([url, anon.status]).toEqual([url, 401]);
        // A form sent after the session ended: a page that leads to the login, not JSON
        // (the queue dashboard's own API under /admin/antrean/api keeps JSON).
        if (!url.includes("/api/")) {
          expect([url, anon.headers.get("content-type")]).toEqual([url, expect.stringContaining("text/html")]);
          expect(await anon.text(), url).toContain('href="/masuk');
        }
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
      ...(["analyst", "publisher", "viewer", "admin"] as const).map((role) => ({
        title: `answers the ${role} role with 403 on every form outside its roles`,
        applies: (f: UiForm) => !f.login && !(PERMISSIONS[f.permission] as readonly Grant[]).includes(role),
        ids: () => held,
        as: () => people[role],
        status: 403,
      })),
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
      for (const [path, f] of forms) {
        const url = formUrl(path, f, ids());
        const r = await postForm(h, url, cookie, { ...f.fields, _csrf: csrf });
        expect([url, r.status]).toEqual([url, status]);
      }
    });
  });
});
