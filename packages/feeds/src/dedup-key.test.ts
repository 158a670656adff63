import { describe, expect, it } from "vitest";
import { entryDedupKey } from "./dedup-key.ts";

const entry = (over: Partial<Parameters<typeof entryDedupKey>[1]>) => ({
  guid: null,
  url: null,
  title: null,
  text: "Isi berita",
  ...over,
});

describe("entryDedupKey", () => {
  it("keys by id within the source, then canonical URL, then content", () => {
    expect(entryDedupKey("s1", entry({ guid: " a-1 " }))).toBe("guid:s1:a-1");
    expect(entryDedupKey("s1", entry({ url: "https://Contoh.test/a?utm_source=x" }))).toMatch(
      /^url:https:\/\/contoh\.test\/a/,
    );
    expect(entryDedupKey("s1", entry({ text: "Sama  saja" }))).toBe(entryDedupKey("s2", entry({ text: "sama saja" })));
  });

  it("keeps long ids and URLs that differ only at their end apart (they were cut and collided)", () => {
    const long = "x".repeat(600);
    expect(entryDedupKey("s1", entry({ guid: `${long}1` }))).not.toBe(entryDedupKey("s1", entry({ guid: `${long}2` })));
    const url = `https://contoh.test/${"a".repeat(1_100)}`;
    expect(entryDedupKey("s1", entry({ url: `${url}1` }))).not.toBe(entryDedupKey("s1", entry({ url: `${url}2` })));
    expect(entryDedupKey("s1", entry({ guid: `${long}1` })).length).toBeLessThan(600);
  });
});
