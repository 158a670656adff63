import type { Context } from "hono";
import { ERROR_STATUS, errorBody } from "../errors.ts";
import type { Failure, InvalidReason } from "../services/result.ts";
import { MAX_DAYS } from "../services/stats-period.ts";
import type { MsgKey, T } from "./i18n.ts";
import { wantsJson } from "./page-ctx.ts";
import { errorPage } from "./pages/error-page.tsx";
import type { UiEnv } from "./ui-context.ts";

const REASON: Record<InvalidReason, MsgKey> = {
  date_format: "invalidDateFormat",
  period_reversed: "invalidPeriodReversed",
  period_too_long: "invalidPeriodTooLong",
  region_unknown: "invalidRegionUnknown",
  required: "invalidRequired",
  too_long: "invalidTooLong",
  too_short: "invalidTooShort",
  too_many: "invalidTooMany",
  choose_one: "invalidChooseOne",
  number_format: "invalidNumberFormat",
  number_range: "invalidNumberRange",
  choice: "invalidChoice",
  format: "invalidFormat",
  url_format: "invalidUrlFormat",
  url_credentials: "invalidUrlCredentials",
  url_https: "invalidUrlHttps",
  email_format: "invalidEmailFormat",
  password_wrong: "invalidPasswordWrong",
  otp_wrong: "invalidOtpWrong",
  password_or_otp_wrong: "invalidPasswordOrOtpWrong",
  claims_none: "invalidClaimsNone",
  action_missing: "invalidActionMissing",
  correction_missing: "invalidCorrectionMissing",
  items_unknown: "invalidItemsUnknown",
  cursor_invalid: "invalidCursor",
  due_range: "invalidDueRange",
  assignee_unknown: "invalidAssigneeUnknown",
};

/** A refused input as staff and public pages say it: its reason in the reader's words, else the API's message. */
export function invalidText(t: T, f: Failure): string {
  const n = (v: number) => v.toLocaleString(t("numberLocale"));
  const why = f.reason
    ? t(REASON[f.reason])
        .replace("{days}", n(MAX_DAYS))
        .replace("{n}", n(f.limit ?? 0))
    : f.message;
  return `${t("invalidInput")}: ${why}`;
}

/** What the person reads for each failure code (the API's message is English and technical). */
function message(c: Context<UiEnv>, f: Failure): string {
  const t = c.var.t;
  switch (f.code) {
    case "not_found":
    case "tenant_not_found":
      return t("notFound");
    case "forbidden":
      return t("forbidden");
    case "claimed":
      return `${t("heldBy")} … ${t("heldHint")}`;
    case "invalid_request":
      return invalidText(t, f);
    default:
      return f.message;
  }
}

/** A failed use case as the UI answers it: JSON for app.js, else a page; the status comes from the API's one table. */
export function uiFailure(c: Context<UiEnv>, f: Failure): Response | Promise<Response> {
  const status = ERROR_STATUS[f.code];
  if (f.retryAfterSec !== undefined) c.header("Retry-After", String(f.retryAfterSec));
  return wantsJson(c) ? c.json(errorBody(f.code, message(c, f)), status) : errorPage(c, status, message(c, f));
}
