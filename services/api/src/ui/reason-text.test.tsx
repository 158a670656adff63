/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { describe, expect, it } from "vitest";
import { ReasonChips } from "./components.tsx";
import { reasonDirection, reasonsTowardScore, reasonText } from "./reason-text.ts";

const reasons = JSON.stringify([
  { code: "money_request", label: "meminta transfer atau data rekening", weight: 2.1 },
  { code: "term:dinas", label: "kata: dinas", weight: -1.4 },
  { code: "phrase:penculikan anak", label: 'frasa: "penculikan anak"', weight: 0.9 },
  { code: "debunk", label: "menyebut hoaks atau klarifikasi (bantahan)", weight: -0.3 },
  { code: "urgency", label: "kata desakan (segera, darurat)", weight: 0.2 },
]);

describe("reason chips", () => {
  it("show only the reasons that pushed towards the shown score, strongest first", () => {
    expect(reasonsTowardScore(reasons, 0.9, 3).map((r) => r.code)).toEqual([
      "money_request",
      "phrase:penculikan anak",
      "urgency",
    ]);
    expect(reasonsTowardScore(reasons, 0.1, 3).map((r) => r.code)).toEqual(["term:dinas", "debunk"]);
    expect(reasonsTowardScore("not json", 0.9, 3)).toEqual([]);
  });

  it("say which way each reason moved the score, in the page's language", () => {
    const [up] = reasonsTowardScore(reasons, 0.9, 1);
    const [down] = reasonsTowardScore(reasons, 0.1, 1);
    expect(reasonDirection(up!, "id")).toBe("menaikkan skor");
    expect(reasonDirection(down!, "en")).toBe("lowers the score");
    const html = String(<ReasonChips reasons={reasonsTowardScore(reasons, 0.9, 3)} lang="en" />);
    expect(html).toContain("▲");
    expect(html).toContain("asks for a transfer or bank details");
    expect(html).toContain("raises the score");
    expect(html).not.toContain("▼");
  });

  it("label in English from the code, and keep the stored Indonesian label", () => {
    const r = (code: string, label = "x") => ({ code, label, weight: 1 });
    expect(reasonText(r("urgency", "kata desakan (segera, darurat)"), "id")).toBe("kata desakan (segera, darurat)");
    expect(reasonText(r("urgency"), "en")).toBe("urgency words (segera, darurat)");
    expect(reasonText(r("term:vaksin"), "en")).toBe("word: vaksin");
    expect(reasonText(r("phrase:penculikan anak"), "en")).toBe('phrase: "penculikan anak"');
    // Rows scored by older models: placeholders in words, never `<num>`.
    expect(reasonText(r("phrase:_num_ _num_"), "en")).toBe('phrase: "(number) (number)"');
    expect(reasonText(r("some_future_signal", "label kept"), "en")).toBe("label kept");
  });
});
