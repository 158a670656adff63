import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Failure, Result } from "../services/result.ts";
import type { PageCtx } from "./layout.tsx";
import type { UiEnv } from "./ui-context.ts";

const FLASH_COOKIE = "kh_pesan";

/** Everything the layout needs from a logged-in request. */
export function pageCtx(c: Context<UiEnv>): PageCtx & { csrf: string } {
  return { t: c.var.t, lang: c.var.lang, principal: c.var.principal, csrf: c.var.csrf };
}

/** What a clinic's pages take from the session: the layout's context and the clinic's timezone, name and slug. */
export interface ClinicView {
  ctx: PageCtx & { csrf: string };
  tz: string;
  clinicName: string;
  tenantSlug: string;
}

export function clinicView(c: Context<UiEnv>): ClinicView {
  const { tenant } = c.var.principal;
  return { ctx: pageCtx(c), tz: tenant.timezone, clinicName: tenant.name, tenantSlug: tenant.slug };
}

/** A one-shot message shown on the next page (survives the redirect after a POST; hono encodes the value). */
export function setFlash(c: Context<UiEnv>, message: string): void {
  setCookie(c, FLASH_COOKIE, message.slice(0, 300), {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    maxAge: 60,
  });
}

export function takeFlash(c: Context<UiEnv>): string | undefined {
  const v = getCookie(c, FLASH_COOKIE);
  if (!v) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: "/" });
  return v;
}

const UNDO_COOKIE = "kh_urung";

/** The review action the next page offers to undo (beside the flash that says what it did). */
export function setUndo(c: Context<UiEnv>, actionId: string | null): void {
  if (!actionId) return;
  setCookie(c, UNDO_COOKIE, actionId, { httpOnly: true, sameSite: "Lax", path: "/", maxAge: 60 });
}

export function takeUndo(c: Context<UiEnv>): string | undefined {
  const v = getCookie(c, UNDO_COOKIE);
  if (!v) return undefined;
  deleteCookie(c, UNDO_COOKIE, { path: "/" });
  return isId(v) ? v : undefined;
}

/** Ids in URLs are UUIDs; anything else is answered like a missing row. */
export const isId = (v: string | undefined): v is string => !!v && /^[A-Za-z0-9-]{1,64}$/.test(v);

/** Runs `use` on the id from the URL; an id that cannot be one answers `missing` without asking. */
export async function byId<V>(
  id: string | undefined,
  missing: Failure,
  use: (id: string) => Promise<Result<V>>,
): Promise<Result<V>> {
  return isId(id) ? use(id) : { ok: false, error: missing };
}

export const wantsJson = (c: Context): boolean => (c.req.header("accept") ?? "").includes("application/json");
