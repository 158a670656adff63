import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_NAMES, AUDIT_ACTIONS, auditActionLabel } from "./audit-actions.ts";
import { describeSummary, parseSummary } from "./audit-summary.ts";

describe("audit summaries", () => {
  it("reads before/after as changes, then the other facts", () => {
    const s = JSON.stringify({
      title: "Vaksin",
      before: { status: "draft", verdict: "false" },
      after: { status: "pending", verdict: "false" },
      reason: "Sumber kurang",
    });
    expect(describeSummary(s)).toBe("status: draft → pending; title: Vaksin; reason: Sumber kurang");
    expect(describeSummary(s, "id")).toBe("status: draft → pending; judul: Vaksin; alasan: Sumber kurang");
  });

  it("shortens long lists and shows what is only before or only after", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const s = JSON.stringify({ after: { enabled: true }, clusterIds: ids, note: null });
    expect(describeSummary(s)).toBe("enabled: true; claims: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9 … (+2)");
    expect(describeSummary(JSON.stringify({ custom: 1 }), "id")).toBe("custom: 1");
  });

  it("keeps a summary cut at its size bound readable", () => {
    expect(parseSummary('{"note":"abc…')).toEqual({ text: '{"note":"abc…' });
    expect(describeSummary('{"note":"abc…')).toBe('{"note":"abc…');
    expect(describeSummary(null)).toBe("");
  });

  it("labels every action in both languages, and shows an unknown one by its name", () => {
    for (const a of AUDIT_ACTION_NAMES) {
      expect(a).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
      expect(AUDIT_ACTIONS[a].id && AUDIT_ACTIONS[a].en).toBeTruthy();
    }
    expect(auditActionLabel("claim.verdict", "id")).toBe("Putusan atas klaim");
    expect(auditActionLabel("something.else", "en")).toBe("something.else");
  });
});
