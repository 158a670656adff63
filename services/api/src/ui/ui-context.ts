import type { Env } from "../context.ts";
import type { Lang, T } from "./i18n.ts";

export type FormBody = Record<string, string | File | (string | File)[]>;

export type UiEnv = {
  Variables: Env["Variables"] & {
    lang: Lang;
    t: T;
    /** Set only on pages behind `requireUiSession`. */
    csrf: string;
    /** The parsed form of a POST that passed the CSRF check. */
    form: FormBody;
  };
};

/** One string field of a form (first value if repeated). */
export function field(form: FormBody, name: string): string {
  const v = form[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === "string" ? first : "";
}

/** Every string value of a repeated field (checkboxes). */
export function fields(form: FormBody, name: string): string[] {
  const v = form[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === "string");
}
