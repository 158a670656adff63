import { z } from "zod";

/** Sending a pending clarification back to its author: the reason is kept in its history. */
export const rejectInput = z.object({
  reason: z.string().trim().min(1, "must not be empty").max(2_000),
});
export type RejectInput = z.infer<typeof rejectInput>;
