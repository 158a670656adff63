/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { invalidZod } from "../../services/inputs.ts";
import { inviteInput, roleInput } from "../../services/people.inputs.ts";
import {
  changeRole,
  deactivatePerson,
  invitePerson,
  listInvites,
  listPeople,
  reactivatePerson,
  resetLinkFor,
  withdrawInvite,
} from "../../services/people.service.ts";
import { invalidText, uiFailure } from "../failure.ts";
import { byId, isId, pageCtx, setFlash, takeFlash } from "../page-ctx.ts";
import { DeactivatePage, PeoplePage, type ShownLink } from "../pages/people.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

const origin = (c: Context<UiEnv>) => new URL(c.req.url).origin;
const missing = { code: "not_found", message: "User not found" } as const;
const missingInvite = { code: "not_found", message: "Invitation not found" } as const;

async function page(
  c: Context<UiEnv>,
  shown: { link?: ShownLink; error?: string; status?: 200 | 201 | 400 | 409 } = {},
) {
  const [r, invites] = await Promise.all([
    listPeople(c.var.deps, c.var.principal),
    listInvites(c.var.deps, c.var.principal),
  ]);
  if (!r.ok) return uiFailure(c, r.error);
  if (!invites.ok) return uiFailure(c, invites.error);
  const { principal } = c.var;
  return c.html(
    <PeoplePage
      ctx={pageCtx(c)}
      tz={principal.tenant.timezone}
      me={principal.user.id}
      rows={r.value}
      invites={invites.value}
      link={shown.link}
      error={shown.error}
      flash={shown.link || shown.error ? undefined : takeFlash(c)}
    />,
    shown.status ?? 200,
  );
}

export const peopleUi = new Hono<UiEnv>()
  .get("/orang", requireUiSession, (c) => page(c))
  .post("/orang/undang", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const input = inviteInput.safeParse({
      email: field(form, "email"),
      name: field(form, "nama"),
      role: field(form, "peran"),
    });
    if (!input.success) return page(c, { error: invalidText(t, invalidZod(input.error)), status: 400 });
    const r = await invitePerson(c.var.deps, c.var.principal, c.var.principal.tenant.id, input.data, origin(c));
    if (!r.ok) {
      return r.error.code === "conflict" ? page(c, { error: t("emailTaken"), status: 409 }) : uiFailure(c, r.error);
    }
    const { inviteUrl: url, expiresAt, emailed } = r.value;
    // Shown in this answer only: the link is not stored anywhere it could be shown again.
    return page(c, { link: { kind: "invite", url, expiresAt, emailed, who: input.data.email }, status: 201 });
  })
  .post("/orang/:id/atur-ulang", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => resetLinkFor(c.var.deps, c.var.principal, id, origin(c)));
    if (!r.ok) return uiFailure(c, r.error);
    const rows = await listPeople(c.var.deps, c.var.principal);
    const who = rows.ok ? (rows.value.find((p) => p.id === c.req.param("id"))?.email ?? "") : "";
    const { resetUrl: url, expiresAt, emailed } = r.value;
    return page(c, { link: { kind: "reset", url, expiresAt, emailed, who }, status: 201 });
  })
  .get("/orang/:id/nonaktifkan", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const r = await listPeople(c.var.deps, c.var.principal);
    if (!r.ok) return uiFailure(c, r.error);
    const person = isId(id) ? r.value.find((p) => p.id === id) : undefined;
    if (!person) return uiFailure(c, missing);
    return c.html(<DeactivatePage ctx={pageCtx(c)} person={person} />);
  })
  .post("/orang/:id/nonaktifkan", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => deactivatePerson(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, c.var.t("deactivated"));
    return c.redirect("/orang", 303);
  })
  .post("/orang/:id/aktifkan", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => reactivatePerson(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, c.var.t("reactivated"));
    return c.redirect("/orang", 303);
  })
  .post("/orang/undangan/:id/tarik", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missingInvite, (id) => withdrawInvite(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, c.var.t("inviteWithdrawn"));
    return c.redirect("/orang", 303);
  })
  .post("/orang/:id/peran", requireUiSession, async (c) => {
    const input = roleInput.safeParse({ role: field(c.var.form, "peran") });
    if (!input.success) return page(c, { error: invalidText(c.var.t, invalidZod(input.error)), status: 400 });
    const r = await byId(c.req.param("id"), missing, (id) =>
      changeRole(c.var.deps, c.var.principal, id, input.data.role),
    );
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect("/orang", 303);
  });
