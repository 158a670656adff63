import type { ScoreReason } from "@klinik/core";
import { SIGNALS, type SignalName } from "./signals.ts";
import { MENTION_TOKEN, NUM_TOKEN, URL_TOKEN } from "./tokenize.ts";

const PLACEHOLDERS: Record<string, string> = {
  [URL_TOKEN]: "ada tautan (URL)",
  [NUM_TOKEN]: "angka",
  [MENTION_TOKEN]: "menyebut akun (@)",
};

/** Indonesian label for a reason code (`term:x`, `phrase:x y`, `domain:x` or a signal name). */
export function reasonLabel(code: string): string {
  const colon = code.indexOf(":");
  if (colon < 0) return SIGNALS[code as SignalName] ?? code;
  const kind = code.slice(0, colon);
  const rest = code.slice(colon + 1);
  if (kind === "term") return PLACEHOLDERS[rest] ?? `kata: ${rest}`;
  if (kind === "phrase") {
    const shown = rest
      .split(" ")
      .map((w) => (PLACEHOLDERS[w] ? `<${w.replaceAll("_", "")}>` : w))
      .join(" ");
    return `frasa: "${shown}"`;
  }
  if (kind === "domain") return `domain: ${rest}`;
  return code;
}

/**
 * Picks the reasons to show: strongest first by |weight|, at most `max`, and
 * at least `minEach` from each direction when the text has them, so an analyst
 * also sees what argued against disinformation.
 */
export function pickReasons(contrib: Map<string, number>, max = 8, minEach = 2): ScoreReason[] {
  const all = [...contrib].filter(([, w]) => Math.abs(w) >= 1e-3).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const pos = all.filter(([, w]) => w > 0);
  const neg = all.filter(([, w]) => w < 0);
  const chosen = new Set([...pos.slice(0, minEach), ...neg.slice(0, minEach)].map(([c]) => c));
  for (const [c] of all) {
    if (chosen.size >= max) break;
    chosen.add(c);
  }
  return all
    .filter(([c]) => chosen.has(c))
    .slice(0, max)
    .map(([code, w]) => ({ code, label: reasonLabel(code), weight: Math.round(w * 1000) / 1000 }));
}
