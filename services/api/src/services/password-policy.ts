import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import { fail } from "./result.ts";

/**
 * The one password policy, used by every path that sets a password (invitation,
 * reset, change, the operator's command line): at least 10 characters and a
 * zxcvbn strength score of 3 or more ("safely unguessable": about 10^8 guesses),
 * with the person's own email and name and the instance's words counted as known.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
const MIN_SCORE = 3;
const INSTANCE_WORDS = ["klinik", "hoaks", "klinikhoaks", "diskominfo", "kominfo", "sandi", "katasandi"];

// Built once per process: loading the dictionaries takes ~100 ms.
let factory: ZxcvbnFactory | undefined;
const zxcvbn = () => {
  factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return factory;
};

/** Why a password was refused, so each door can say it in its own language. */
export type PasswordProblem = "too_short" | "too_long" | "too_guessable";

export const PASSWORD_MESSAGES: Record<"id" | "en", Record<PasswordProblem, string>> = {
  id: {
    too_short: `Kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter.`,
    too_long: `Kata sandi maksimal ${MAX_PASSWORD_LENGTH} karakter.`,
    too_guessable:
      "Kata sandi terlalu mudah ditebak. Pakai beberapa kata acak, jangan nama, email, tanggal, atau pola keyboard.",
  },
  en: {
    too_short: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
    too_long: `Use at most ${MAX_PASSWORD_LENGTH} characters.`,
    too_guessable:
      "This password is too easy to guess. Use several random words; avoid names, your email, dates and keyboard patterns.",
  },
};

/** What the person is known by, split into words zxcvbn should treat as guessable. */
function personalWords(person: { email?: string | null; name?: string | null }): string[] {
  const words = [person.email ?? "", ...(person.email ?? "").split(/[@.+_-]/), ...(person.name ?? "").split(/\s+/)];
  return [...INSTANCE_WORDS, ...words.map((w) => w.trim().toLowerCase()).filter((w) => w.length >= 3)];
}

export function passwordProblem(
  password: string,
  person: { email?: string | null; name?: string | null },
): PasswordProblem | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return "too_short";
  if (password.length > MAX_PASSWORD_LENGTH) return "too_long";
  return zxcvbn().check(password, personalWords(person)).score < MIN_SCORE ? "too_guessable" : undefined;
}

/** The policy as a use case answers it: a `weak_password` failure in the API's language, or nothing. */
export function checkPassword(password: string, person: { email?: string | null; name?: string | null }) {
  const problem = passwordProblem(password, person);
  return problem ? fail("weak_password", `password: ${PASSWORD_MESSAGES.en[problem]}`) : undefined;
}

/** The policy's refusal in the reader's language (from a `weak_password` failure's message). */
export function passwordMessage(failureMessage: string, lang: "id" | "en"): string {
  const problems = Object.keys(PASSWORD_MESSAGES.en) as PasswordProblem[];
  const problem = problems.find((p) => failureMessage.includes(PASSWORD_MESSAGES.en[p])) ?? "too_guessable";
  return PASSWORD_MESSAGES[lang][problem];
}
