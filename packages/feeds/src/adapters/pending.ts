import { fail } from "../errors.ts";
import type { SourceAdapter, SourceRef } from "../types.ts";

export function pendingAdapter(kind: SourceRef["kind"]): SourceAdapter {
  return {
    kind,
    fetch: async () => fail("unsupported_source", `Sources of kind ${kind} are not supported yet.`),
  };
}
