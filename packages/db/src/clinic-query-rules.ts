import type { OperationNode } from "kysely";
import type { Database } from "./tables/index.ts";

// What the clinic guard (clinic-guard.ts) requires of one query, read from Kysely's operation nodes.

type ClinicTable = { [T in keyof Database]: "tenant_id" extends keyof Database[T] ? T : never }[keyof Database];

/** Tables whose rows belong to one clinic: every table with a tenant_id (a new one fails to compile until listed). */
const CLINIC_TABLES: Record<ClinicTable, true> = {
  users: true,
  sessions: true,
  sources: true,
  reports: true,
  items: true,
  verdicts: true,
  clarifications: true,
  clarification_items: true,
  clarification_search: true,
  clusters: true,
  item_signatures: true,
  item_clarification_matches: true,
  cluster_notes: true,
  item_cluster_suggestions: true,
  one_time_links: true,
  api_tokens: true,
  escalations: true,
  audit_log: true,
  clarification_corrections: true,
  webhook_subscriptions: true,
  webhook_deliveries: true,
  webhook_attempts: true,
  review_actions: true,
  review_action_clusters: true,
  evidence_links: true,
  clinic_models: true,
  notification_prefs: true,
  notify_channels: true,
};

const isClinicTable = (name: string): boolean => Object.hasOwn(CLINIC_TABLES, name);

/** A query on the clinic-bound path that could read or write another clinic's rows. */
export class ClinicBoundaryError extends Error {
  override name = "ClinicBoundaryError";
}

// Kysely's nodes are plain frozen objects; the guard reads them structurally.
export type Node = OperationNode & { readonly [key: string]: any };

export function fail(what: string): never {
  throw new ClinicBoundaryError(`Clinic boundary: ${what}`);
}

interface Scope {
  /** alias → table, clinic tables only. */
  tables: Map<string, string>;
  joined: Set<string>;
  conjuncts: Node[];
}

function tableRef(node: Node | undefined): { table: string; alias: string } | undefined {
  const inner = node?.kind === "AliasNode" ? node.node : node;
  if (inner?.kind !== "TableNode") return undefined;
  const table: string = inner.table.identifier.name;
  return { table, alias: node?.kind === "AliasNode" ? node.alias.name : table };
}

function conjunctsOf(node: Node | undefined, out: Node[]): void {
  if (!node) return;
  if (node.kind === "AndNode") {
    conjunctsOf(node.left, out);
    conjunctsOf(node.right, out);
  } else if (node.kind === "ParensNode") conjunctsOf(node.node, out);
  else out.push(node);
}

function scopeOf(q: Node): Scope {
  const scope: Scope = { tables: new Map(), joined: new Set(), conjuncts: [] };
  const add = (node: Node | undefined, joined: boolean) => {
    const ref = tableRef(node);
    if (!ref || !isClinicTable(ref.table)) return;
    scope.tables.set(ref.alias, ref.table);
    if (joined) scope.joined.add(ref.alias);
  };
  for (const f of q.from?.froms ?? []) add(f, false);
  for (const f of q.using?.tables ?? []) add(f, false);
  if (q.kind === "UpdateQueryNode") add(q.table, false);
  for (const j of q.joins ?? []) {
    add(j.table, true);
    conjunctsOf(j.on?.on, scope.conjuncts);
  }
  conjunctsOf(q.where?.where, scope.conjuncts);
  return scope;
}

/** `alias.column` (or the aliases an unqualified column may mean) of a reference node. */
function columnRef(node: Node, scope: Scope): { column: string; aliases: string[] } | undefined {
  if (node.kind === "ColumnNode") return { column: node.column.name, aliases: [...scope.tables.keys()] };
  if (node.kind !== "ReferenceNode" || node.column.kind !== "ColumnNode") return undefined;
  const column: string = node.column.column.name;
  return { column, aliases: node.table ? [node.table.table.identifier.name] : [...scope.tables.keys()] };
}

interface Equality {
  left: { column: string; aliases: string[] };
  right: { column: string; aliases: string[] } | { value: unknown };
}

function equalities(scope: Scope): Equality[] {
  const out: Equality[] = [];
  for (const c of scope.conjuncts) {
    if (c.kind !== "BinaryOperationNode" || c.operator.operator !== "=") continue;
    const a = columnRef(c.leftOperand, scope);
    const b = columnRef(c.rightOperand, scope);
    if (a && b) out.push({ left: a, right: b });
    else if (a && c.rightOperand.kind === "ValueNode") out.push({ left: a, right: { value: c.rightOperand.value } });
    else if (b && c.leftOperand.kind === "ValueNode") out.push({ left: b, right: { value: c.leftOperand.value } });
  }
  return out;
}

/** Aliases of clinic tables limited to this clinic's rows; throws for any other. */
export function checkFiltered(q: Node, id: string): Set<string> {
  const scope = scopeOf(q);
  if (q.kind === "UpdateQueryNode") checkUpdates(q.updates, id);
  if (scope.tables.size === 0) return new Set();
  const eqs = equalities(scope);
  const covered = new Set<string>();
  const foreign = new Set<string>();
  for (const e of eqs) {
    if (e.left.column !== "tenant_id" || !("value" in e.right)) continue;
    for (const a of e.left.aliases) (e.right.value === id ? covered : foreign).add(a);
  }
  // a.tenant_id = b.tenant_id carries the filter from one to the other.
  const links = eqs.filter(
    (e) => e.left.column === "tenant_id" && "column" in e.right && e.right.column === "tenant_id",
  );
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of links) {
      const [a] = e.left.aliases;
      const [b] = "aliases" in e.right ? e.right.aliases : [];
      if (a === undefined || b === undefined || covered.has(a) === covered.has(b)) continue;
      covered.add(covered.has(a) ? b : a);
      grew = true;
    }
  }
  for (const [alias, table] of scope.tables) {
    if (covered.has(alias) || sharedClarification(alias, table, scope, eqs, covered)) continue;
    const name = alias === table ? `"${table}"` : `"${table}" as ${alias}`;
    fail(
      `${name} is ${foreign.has(alias) ? "filtered on another clinic's id" : "not filtered on this clinic's tenant_id"}`,
    );
  }
  return covered;
}

/** Another clinic's published clarification, joined to show the answer to one of our own matched items. */
function sharedClarification(alias: string, table: string, scope: Scope, eqs: Equality[], covered: Set<string>) {
  if (table !== "clarifications" || !scope.joined.has(alias)) return false;
  const is = (ref: { column: string; aliases: string[] }, column: string) =>
    ref.column === column && ref.aliases.length === 1 && ref.aliases[0] === alias;
  const published = eqs.some((e) => is(e.left, "status") && "value" in e.right && e.right.value === "published");
  const viaOwnMatch = eqs.some((e) => {
    if (!("column" in e.right)) return false;
    const [mine, other] = is(e.left, "id") ? [e.left, e.right] : is(e.right, "id") ? [e.right, e.left] : [];
    const m = other?.aliases[0];
    return (
      !!mine &&
      other?.column === "clarification_id" &&
      m !== undefined &&
      scope.tables.get(m) === "item_clarification_matches" &&
      covered.has(m)
    );
  });
  return published && viaOwnMatch;
}

function checkUpdates(updates: readonly Node[] | undefined, id: string): void {
  for (const u of updates ?? []) {
    if (u.column.kind !== "ColumnNode" || u.column.column.name !== "tenant_id") continue;
    if (u.value.kind !== "ValueNode" || u.value.value !== id) fail("an update that moves rows to another clinic");
  }
}

export function checkInsert(q: Node, id: string): void {
  const ref = tableRef(q.into);
  if (!ref || !isClinicTable(ref.table)) return;
  const at = (q.columns ?? []).findIndex((c: Node) => c.column.name === "tenant_id");
  if (at < 0) fail(`an insert into "${ref.table}" without tenant_id`);
  const values: Node | undefined = q.values;
  const own = (row: Node): boolean => {
    if (row.kind === "PrimitiveValueListNode") return row.values[at] === id;
    const v = row.kind === "ValueListNode" ? row.values[at] : undefined;
    return v?.kind === "ValueNode" && v.value === id;
  };
  if (values?.kind === "ValuesNode") {
    if (!values.values.every(own)) fail(`an insert into "${ref.table}" with another clinic's tenant_id`);
  } else if (values?.kind === "SelectQueryNode") {
    const covered = checkFiltered(values, id);
    const sel = values.selections?.[at]?.selection;
    const scope = scopeOf(values);
    const col = sel && columnRef(sel, scope);
    const fromValue = sel?.kind === "AliasNode" && sel.node.kind === "ValueNode" && sel.node.value === id;
    const fromOwnRow = col?.column === "tenant_id" && col.aliases.length === 1 && covered.has(col.aliases[0] ?? "");
    if (!fromValue && !fromOwnRow) fail(`an insert into "${ref.table}" selecting another tenant_id`);
  } else {
    fail(`an insert into "${ref.table}" the guard cannot read`);
  }
  checkUpdates(q.onConflict?.updates, id);
}
