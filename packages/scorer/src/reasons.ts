import type { ScoreReason } from "@klinik/core";
import { SIGNALS, type SignalName } from "./signals.ts";
import { MENTION_TOKEN, NUM_TOKEN, URL_TOKEN } from "./tokenize.ts";

const PLACEHOLDERS: Record<string, string> = {
  [URL_TOKEN]: "ada tautan (URL)",
  [NUM_TOKEN]: "angka",
  [MENTION_TOKEN]: "menyebut akun (@)",
};

const PLACEHOLDER_WORDS: Record<string, string> = {
  [URL_TOKEN]: "(tautan)",
  [NUM_TOKEN]: "(angka)",
  [MENTION_TOKEN]: "(@akun)",
};

/** Indonesian label for a reason code (`term:x`, `phrase:x y`, `domain:x`, `neighbours:hoaks:3` or a signal name). */
export function reasonLabel(code: string): string {
  const colon = code.indexOf(":");
  if (colon < 0) return SIGNALS[code as SignalName] ?? code;
  const kind = code.slice(0, colon);
  const rest = code.slice(colon + 1);
  if (kind === "term") return PLACEHOLDERS[rest] ?? `kata: ${rest}`;
  if (kind === "phrase") {
    // Models before surface words joined placeholders into phrases: say what they stand for.
    const shown = rest
      .split(" ")
      .map((w) => PLACEHOLDER_WORDS[w] ?? w)
      .join(" ");
    return `frasa: "${shown}"`;
  }
  if (kind === "domain") return `domain: ${rest}`;
  if (kind === "neighbours") {
    const [label, n] = rest.split(":");
    return `mirip ${n} contoh berlabel ${label === "hoaks" ? "hoaks" : "valid"} di data latih`;
  }
  return code;
}

/**
 * Picks the reasons to show: strongest first by |weight|, at most `max`, and
 * at least `minEach` from each direction when the text has them, so an analyst
 * also sees what argued against disinformation.
 */
export function pickReasons(contrib: Map<string, number>, max = 8, minEach = 2): ScoreReason[] {
  const codes = [...contrib.keys()];
  const weights = [...contrib.values()];
  return chooseReasons(weights, max, minEach).map((i) => toReason(codes[i] as string, weights[i] as number));
}

/** A reason with its Indonesian label and its weight rounded to 3 decimals. */
export function toReason(code: string, weight: number): ScoreReason {
  return { code, label: reasonLabel(code), weight: Math.round(weight * 1000) / 1000 };
}

/**
 * The rule of {@link pickReasons} over candidate weights, returning the
 * chosen indices in display order; ties keep the candidates' order. Only the
 * top `max` overall and top `minEach` of each sign can be chosen, so those
 * are found in one pass instead of sorting every candidate.
 */
export function chooseReasons(weights: ArrayLike<number>, max = 8, minEach = 2): number[] {
  const before = (i: number, j: number) => {
    const d = Math.abs(weights[i] as number) - Math.abs(weights[j] as number);
    return d > 0 || (d === 0 && i < j);
  };
  const insert = (top: number[], i: number, size: number) => {
    if (top.length >= size && !before(i, top[top.length - 1] as number)) return;
    let k = top.length;
    while (k > 0 && before(i, top[k - 1] as number)) k--;
    top.splice(k, 0, i);
    if (top.length > size) top.pop();
  };
  const all: number[] = [];
  const pos: number[] = [];
  const neg: number[] = [];
  // Candidates come in index order, so one joins a full list only when strictly stronger than its last:
  // checked here first, as most candidates of a long text join none.
  const weakest = (top: number[]) => Math.abs(weights[top[top.length - 1] as number] as number);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    const m = Math.abs(w);
    if (!(m >= 1e-3)) continue;
    if (all.length < max || m > weakest(all)) insert(all, i, max);
    const side = w > 0 ? pos : neg;
    if (side.length < minEach || m > weakest(side)) insert(side, i, minEach);
  }
  const chosen = new Set([...pos, ...neg]);
  for (const i of all) {
    if (chosen.size >= max) break;
    chosen.add(i);
  }
  return [...chosen].sort((i, j) => (before(i, j) ? -1 : 1)).slice(0, max);
}
