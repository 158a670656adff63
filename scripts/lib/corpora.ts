// Kept so scripts/bench/classifier.ts keeps working; new code imports @klinik/scorer/corpora
// and passes dataDir() from ./data-dir.ts.
import { type CorpusDoc, loadIdn as loadIdnFrom, loadIhnd as loadIhndFrom } from "@klinik/scorer/corpora";
import { dataDir } from "./data-dir.ts";

export * from "@klinik/scorer/corpora";
export { dataDir };
export const loadIhnd = (dir = dataDir()): CorpusDoc[] => loadIhndFrom(dir);
export const loadIdn = (dir = dataDir()): CorpusDoc[] => loadIdnFrom(dir);
