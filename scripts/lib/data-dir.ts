import { resolve } from "node:path";
import { type Config, loadConfig } from "@klinik/config";

/** Where the labelled corpora live: `KLINIK_DATA_DIR`, else `../shared/data` next to the repository. */
export function dataDir(config: Pick<Config, "KLINIK_DATA_DIR"> = loadConfig()): string {
  return config.KLINIK_DATA_DIR ?? resolve(import.meta.dirname, "../../../shared/data");
}
