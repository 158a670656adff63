import { VERDICTS } from "@klinik/core";
import { z } from "zod";

/** Inputs of the clinics and escalations use cases (API body and HTML form alike). */

export const onboardInput = z.object({
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{2}(\.\d{2})?$/, 'must be a Kemendagri code: "32" (province) or "32.73" (regency/city)'),
  withChildren: z.boolean().optional().default(false),
});
export type OnboardInput = z.infer<typeof onboardInput>;

/** Empty text clears a setting. */
const clearable = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === "" ? null : v))
    .nullable();

export const clinicSettingsInput = z
  .object({
    displayName: clearable(120).optional(),
    logoUrl: z
      .union([
        z.literal(""),
        z
          .string()
          .trim()
          .max(500)
          .url()
          .refine((u) => /^https:\/\//i.test(u), { message: "must be an https URL" })
          .refine((u) => !/^https:\/\/[^/?#]*@/i.test(u), { message: "must not contain a user name or password" }),
      ])
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .optional(),
    contact: clearable(300).optional(),
    /** Days a public reporter's contact is kept before it is erased (1 – 3650). */
    contactRetentionDays: z.coerce.number().int().min(1).max(3650).optional(),
    requireApproval: z.boolean().optional(),
    requireTotp: z.boolean().optional(),
  })
  .strict();
export type ClinicSettingsInput = z.infer<typeof clinicSettingsInput>;

export const escalateInput = z.object({ reason: z.string().trim().max(2_000).optional() });

export const answerInput = z.object({
  answer: z.string().trim().min(1, "must not be empty").max(10_000),
  verdict: z.enum(VERDICTS).optional(),
});

export const returnInput = z.object({ reason: z.string().trim().min(1, "must not be empty").max(2_000) });

export const ESCALATION_STATUSES = ["open", "answered", "returned"] as const;
