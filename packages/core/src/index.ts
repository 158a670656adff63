export * from "./evidence.ts";
export * from "./item.ts";
export * from "./pause-reason.ts";
export * from "./scorer.ts";
export * from "./text.ts";
export * from "./verdict.ts";
