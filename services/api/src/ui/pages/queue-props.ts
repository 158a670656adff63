import type { ReviewQueueRow } from "@klinik/db";
import type { Child } from "hono/jsx";
import type { PageCtx } from "../layout.tsx";
import type { QueueParams } from "../queue-params.ts";

export interface QueuePageProps {
  ctx: PageCtx & { csrf: string };
  tz: string;
  rows: ReviewQueueRow[];
  params: QueueParams;
  sources: { id: string; name: string }[];
  users: { id: string; name: string }[];
  nextCursor: string | undefined;
  since: string;
  flash: string | undefined;
  now: string;
  /** This page's path and query, where forms send the analyst back to. */
  here: string;
  /** A province reading a regency's queue: no bulk actions, claims open read only. */
  readOnly?: boolean;
  /** The province's clinic switcher and incoming escalations (queue-offices.tsx). */
  above?: Child;
  /** The review action the flash's notice may undo. */
  undo?: string | undefined;
}
