import type { Verdict } from "@klinik/core";
import type { Lang, T } from "./i18n.ts";
import { verdictLabel } from "./i18n.ts";

/** "Salah/Hoaks diberikan ke 3 klaim" / "False/Hoax given to 3 claims": what a verdict or bulk action did. */
export function verdictGivenText(t: T, lang: Lang, verdict: Verdict, claims: number): string {
  return `${verdictLabel(verdict, lang)} ${t("givenTo")} ${claims} ${t("claimsWord")}`;
}

/** "Salah/Hoaks diberikan ke 1 klaim “Vaksin berisi chip…” (3 item)": what a verdict on one claim did, naming it. */
export function verdictOnClaimText(t: T, lang: Lang, verdict: Verdict, label: string, members: number): string {
  const name = label.length > 60 ? `${label.slice(0, 59)}…` : label;
  return `${verdictGivenText(t, lang, verdict, 1)} “${name}” (${members} ${t("items")})`;
}

/** The notice after undoing: how many claims went back and how many were left as they are. */
export function undoneText(t: T, reverted: number, changedSince: number): string {
  return `${t("undoneN")} ${reverted} ${t("claimsWord")}${changedSince > 0 ? `; ${changedSince} ${t("changedSince")}` : ""}.`;
}
