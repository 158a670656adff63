import type { ScoreReason } from "@klinik/core";
import { parseReasons } from "@klinik/db";
import type { Lang } from "./i18n.ts";

/**
 * English labels of the scorer's reason codes. Indonesian labels come with
 * each stored reason (the scorer writes them); English ones are built here
 * from the code, so rows scored by older models read the same way.
 */
const SIGNAL_EN: Record<string, string> = {
  chain_message: "asks to forward the message",
  urgency: "urgency words (segera, darurat)",
  fear: "fear words (awas, bahaya, mematikan)",
  caps_ratio: "many CAPITAL LETTERS",
  exclamation: "runs of exclamation marks (!!!)",
  shortened_link: "shortened link (bit.ly, s.id, …)",
  lookalike_domain: "domain imitating an official site",
  credential_request: "asks for an OTP/PIN/password",
  money_request: "asks for a transfer or bank details",
  insider_info: "claims insider information",
  authority_no_link: "names an official body, without a link",
  authority_with_link: "names an official body, with a link",
  health_claim: "health claim",
  health_claim_no_source: "health claim without a source",
  has_link: "includes a link",
  news_dateline: "news format (place, date, agency)",
  clickbait: "clickbait words (ternyata, terbongkar, heboh)",
  debunk: "mentions a hoax or a clarification (a denial)",
  empty_text: "no text that can be scored",
};

const PLACEHOLDER_EN: Record<string, string> = { _url_: "(link)", _num_: "(number)", _akun_: "(@account)" };

/** The reason's label in the page's language. */
export function reasonText(r: ScoreReason, lang: Lang): string {
  if (lang === "id") return r.label;
  const colon = r.code.indexOf(":");
  if (colon < 0) return SIGNAL_EN[r.code] ?? r.label;
  const kind = r.code.slice(0, colon);
  const rest = r.code.slice(colon + 1);
  if (kind === "term") return PLACEHOLDER_EN[rest] ? `has ${PLACEHOLDER_EN[rest]}` : `word: ${rest}`;
  if (kind === "phrase")
    return `phrase: "${rest
      .split(" ")
      .map((w) => PLACEHOLDER_EN[w] ?? w)
      .join(" ")}"`;
  if (kind === "domain") return `domain: ${rest}`;
  if (kind === "neighbours") {
    const [label, n] = rest.split(":");
    return `like ${n} training examples labelled ${label === "hoaks" ? "hoax" : "valid"}`;
  }
  return r.label;
}

/** Which way the reason moved the score, in words. */
export function reasonDirection(r: ScoreReason, lang: Lang): string {
  if (lang === "en") return r.weight > 0 ? "raises the score" : "lowers the score";
  return r.weight > 0 ? "menaikkan skor" : "menurunkan skor";
}

/**
 * The strongest `n` reasons that pushed towards the side of the shown score
 * (raising it when it is 50 % or more, lowering it below), so a chip never
 * argues against the number beside it.
 */
export function reasonsTowardScore(json: string | null, score: number | null, n: number): ScoreReason[] {
  const all = [...parseReasons(json)].filter((r) => typeof r?.weight === "number" && r.weight !== 0);
  const side = score === null ? all : all.filter((r) => (score >= 0.5 ? r.weight > 0 : r.weight < 0));
  return side.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, n);
}
