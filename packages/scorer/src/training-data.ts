// `@klinik/scorer/corpora`: the labelled corpora and the training recipe built on them,
// for `pnpm train`, `pnpm eval`, benches and experiments (one entry, so recipe.ts and
// corpora.ts need not import each other).
export * from "./corpora.ts";
export * from "./recipe.ts";
