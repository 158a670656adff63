import type { Db } from "./connect.ts";

/** A repository module's functions with `(db, tenantId)` bound: one line per module instead of one method per function. */
export type Bound<M> = {
  [K in keyof M]: M[K] extends (db: Db, tenantId: string, ...rest: infer A) => infer R ? (...a: A) => R : never;
};

export function bind<M extends Record<string, unknown>>(mod: M, db: Db, tenantId: string): Bound<M> {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(mod)) {
    if (typeof fn === "function") out[name] = (...a: unknown[]) => fn(db, tenantId, ...a);
  }
  return out as Bound<M>;
}
