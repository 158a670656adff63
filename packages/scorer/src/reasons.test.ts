import { describe, expect, it } from "vitest";
import { chooseReasons, pickReasons, reasonLabel } from "./reasons.ts";
import { lcg } from "./test-random.ts";

/** The rule written plainly: sort everything, take the top `minEach` of each sign, fill up to `max`. */
function referencePick(contrib: Map<string, number>, max: number, minEach: number): string[] {
  const all = [...contrib].filter(([, w]) => Math.abs(w) >= 1e-3).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const chosen = new Set(
    [...all.filter(([, w]) => w > 0).slice(0, minEach), ...all.filter(([, w]) => w < 0).slice(0, minEach)].map(
      ([c]) => c,
    ),
  );
  for (const [c] of all) {
    if (chosen.size >= max) break;
    chosen.add(c);
  }
  return all
    .filter(([c]) => chosen.has(c))
    .slice(0, max)
    .map(([c]) => c);
}

describe("reasons", () => {
  it("picks the strongest reasons with at least two of each sign, as sorting everything would", () => {
    const rand = lcg(7);
    for (let n = 0; n < 2000; n++) {
      const contrib = new Map<string, number>();
      const size = Math.floor(rand() * 40);
      const skew = rand() * 2 - 1;
      for (let k = 0; k < size; k++) {
        // Few distinct magnitudes, so ties are common; some below the 1e-3 cut.
        const w = (Math.round(rand() * 6) / 4) * (rand() < 0.5 + skew / 2 ? 1 : -1) * (rand() < 0.1 ? 1e-4 : 1);
        contrib.set(`term:w${k}`, w);
      }
      for (const [max, minEach] of [
        [8, 2],
        [3, 2],
        [1, 0],
      ] as const) {
        expect(pickReasons(contrib, max, minEach).map((r) => r.code)).toEqual(referencePick(contrib, max, minEach));
      }
    }
  });

  it("returns indices in display order", () => {
    expect(chooseReasons([0.1, -0.5, 0.3, -0.2, 0.0001], 3, 1)).toEqual([1, 2, 3]);
  });

  it("labels codes in Indonesian", () => {
    expect(reasonLabel("term:vaksin")).toBe("kata: vaksin");
    // Older models joined placeholders into phrases: they are named in words, never shown as `<url>`.
    expect(reasonLabel("phrase:_url_ sebar")).toBe('frasa: "(tautan) sebar"');
    expect(reasonLabel("phrase:_num_ _num_")).not.toMatch(/<|_num_/);
    expect(reasonLabel("chain_message")).toBe("ajakan menyebarkan pesan");
  });
});
