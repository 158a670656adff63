import { createHash, randomUUID } from "node:crypto";

/** Row ids: random UUIDs, the same type on SQLite and Postgres. */
export const newId = (): string => randomUUID();

export const nowIso = (): string => new Date().toISOString();

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
