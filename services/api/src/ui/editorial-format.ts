import { isVerdict, type Verdict } from "@klinik/core";

/** A claim's verdict from the database (null when none yet) as one the labels know. */
export const isVerdictLabel = (v: string | null): v is Verdict => v !== null && isVerdict(v);
