import { TOKEN_SCOPES, USER_ROLES } from "@klinik/core";
import { z } from "zod";
import { httpUrl, loginInput, MAX_TEXT } from "./inputs.ts";
import { MAX_PASSWORD_LENGTH } from "./password-policy.ts";

/**
 * Inputs of people, sign-in, two-factor and token use cases (JSON bodies and
 * HTML forms alike). Password strength is the policy's call (password-policy.ts),
 * not the schema's, so every door gives the same message.
 */

const password = z.string().min(1, "must not be empty").max(MAX_PASSWORD_LENGTH);
/** Six digits from an authenticator app (spaces allowed, as apps show "123 456"). */
export const otpCode = z
  .string()
  .trim()
  .max(12)
  .transform((s) => s.replace(/\s+/g, ""))
  .refine((s) => /^\d{6}$/.test(s), { message: "must be 6 digits" });

export const loginWithOtpInput = loginInput.extend({ otp: otpCode.optional() });

export const inviteInput = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1, "must not be empty").max(200),
  role: z.enum(USER_ROLES),
});
export type InviteInput = z.infer<typeof inviteInput>;

export const roleInput = z.object({ role: z.enum(USER_ROLES) });

/** Accepting an invitation or using a reset link. */
export const setPasswordInput = z.object({ password });

export const changePasswordInput = z.object({ current: password, next: password });

export const totpConfirmInput = z.object({ code: otpCode });
export const totpDisableInput = z.object({ password, code: otpCode });

/** A one-time link's token as it appears in a URL. */
export const linkTokenParam = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "not a link token"),
});

export const tokenInput = z.object({
  name: z.string().trim().min(1, "must not be empty").max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, "choose at least one scope").max(TOKEN_SCOPES.length),
});
export type TokenInput = z.infer<typeof tokenInput>;

const ingestPost = z.object({
  text: z.string().trim().min(1, "must not be empty").max(MAX_TEXT),
  url: httpUrl.optional(),
  title: z.string().trim().max(500).optional(),
});
/** Items an integration hands in for scoring: one, or up to 500 at once. */
export const ingestInput = z.union([z.object({ items: z.array(ingestPost).min(1).max(500) }), ingestPost]);
export type IngestInput = z.infer<typeof ingestInput>;
