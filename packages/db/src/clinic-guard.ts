import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";
import { checkFiltered, checkInsert, fail, type Node } from "./clinic-query-rules.ts";

export { ClinicBoundaryError } from "./clinic-query-rules.ts";

/**
 * The check behind {@link forClinic}: a Kysely plugin that throws before a
 * query runs when it touches a clinic-owned table without this clinic's id.
 *
 * - select/update/delete: every clinic table in FROM/JOIN needs `tenant_id = <id>`
 *   in WHERE or its ON (top-level AND only), or an ON/WHERE `a.tenant_id = b.tenant_id`
 *   to a table that has one. Subqueries are checked on their own.
 * - insert: a tenant_id column whose every value is the id (or, for insert … select,
 *   the tenant_id of a table the select filters on the id); update may not set another.
 * - raw `sql`: the id must be among its parameters (and a raw fragment holding a
 *   `select` inside a builder query must carry it too).
 * - One exception, the only table shared on purpose that the clinic path joins:
 *   `clarifications` joined on `id = <matches>.clarification_id` from a filtered
 *   item_clarification_matches with `status = 'published'` (another clinic's
 *   published answer to our own item). `tenants` has no tenant_id and is never checked.
 *
 * Queries compiled beforehand and handed to `executeQuery` skip plugins (Kysely's design).
 */
export class ClinicGuard implements KyselyPlugin {
  readonly #walk: Walk;

  constructor(readonly tenantId: string) {
    // Subqueries pass through transformQuery as they are built, then again inside their
    // query: nodes are immutable, so one that passed is not walked twice.
    this.#walk = { id: tenantId, passed: new WeakSet() };
  }

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    const k = node.kind;
    if (k === "RawNode") {
      if (!carriesId(node, this.tenantId)) fail("a raw query without this clinic's id among its parameters");
      // The statement carries the id; only builder queries embedded in it are checked on their own.
      visitEmbedded(node as Node, this.#walk);
      return node;
    }
    if (k !== "SelectQueryNode" && k !== "InsertQueryNode" && k !== "UpdateQueryNode" && k !== "DeleteQueryNode") {
      fail(`${k} is not a clinic query`);
    }
    visit(node, this.#walk);
    return node;
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

const SELECT = /\bselect\b/i;

interface Walk {
  id: string;
  passed: WeakSet<object>;
}

/** Checks every query inside `node` (the node itself, subqueries, unions, CTEs, raw fragments). */
function visit(node: unknown, w: Walk): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const child of node) visit(child, w);
    return;
  }
  const n = node as Node;
  switch (n.kind) {
    case "ValueNode":
    case "PrimitiveValueListNode":
    case "IdentifierNode":
      return;
    case "RawNode":
      // A raw fragment is an expression unless it selects: then it is a query of its own.
      if (n.sqlFragments.some((s: string) => SELECT.test(s)) && !carriesId(n, w.id)) {
        fail("a raw subquery without this clinic's id among its parameters");
      }
      for (const p of n.parameters) if (p.kind !== "ValueNode") visit(p, w);
      return;
    case "SelectQueryNode":
    case "DeleteQueryNode":
    case "UpdateQueryNode":
      if (w.passed.has(n)) return;
      checkFiltered(n, w.id);
      break;
    case "InsertQueryNode":
      if (w.passed.has(n)) return;
      checkInsert(n, w.id);
      break;
  }
  for (const key in n) if (key !== "kind") visit(n[key], w);
  if (n.kind.endsWith("QueryNode")) w.passed.add(n);
}

function visitEmbedded(raw: Node, w: Walk): void {
  for (const p of raw.parameters) {
    if (p.kind === "RawNode") visitEmbedded(p, w);
    else if (p.kind !== "ValueNode") visit(p, w);
  }
}

function carriesId(node: unknown, id: string): boolean {
  if (node === null || typeof node !== "object") return false;
  if (Array.isArray(node)) return node.some((c) => carriesId(c, id));
  const n = node as Node;
  if (n.kind === "ValueNode") return n.value === id;
  if (n.kind === "PrimitiveValueListNode") return n.values.includes(id);
  if (n.kind === "RawNode") {
    // Usually a direct parameter (`… tenant_id = ${id}`): look there before descending.
    const params: Node[] = n.parameters;
    return params.some((p) => p.kind === "ValueNode" && p.value === id) || params.some((p) => carriesId(p, id));
  }
  for (const key in n) if (key !== "kind" && carriesId(n[key], id)) return true;
  return false;
}
