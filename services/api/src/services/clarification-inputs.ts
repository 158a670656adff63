import { VERDICTS } from "@klinik/core";
import { z } from "zod";

/** Sending a pending clarification back to its author: the reason is kept in its history. */
export const rejectInput = z.object({
  reason: z.string().trim().min(1, "must not be empty").max(2_000),
});
export type RejectInput = z.infer<typeof rejectInput>;

/**
 * Changing a clarification: any of its fields. A draft (or one waiting for approval)
 * changes silently; a published one only with `correction`, the note the public page
 * shows beside its dateModified.
 */
export const editInput = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    body: z.string().trim().min(1).max(50_000).optional(),
    verdict: z.enum(VERDICTS).optional(),
    itemIds: z.array(z.string().min(1).max(64)).max(500).optional(),
    correction: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(2_000)
      .optional()
      .describe("Required to change a published clarification: shown on its public page as a correction note"),
  })
  .refine((v) => Object.keys(v).some((k) => k !== "correction"), "nothing to change");
export type EditInput = z.infer<typeof editInput>;

/** Withdrawing a published clarification: its public page keeps saying it was withdrawn, and why. */
export const withdrawInput = z.object({
  reason: z.string().trim().min(1, "must not be empty").max(2_000),
});
export type WithdrawInput = z.infer<typeof withdrawInput>;
