import type { T } from "../ui/i18n.ts";
import type { StreamTexts } from "./notification-stream.ts";

/** A notification's heading in the reader's language. */
export const streamTexts = (t: T): StreamTexts => ({
  newClaim: (score) => `${t("notifyNewClaim")} ${Math.round(score * 100)}`,
  assigned: (byName) => `${byName} ${t("notifyAssignedBy")}`,
});
