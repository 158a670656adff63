/**
 * Errors that mean "the database cannot be reached right now" rather than "this query is
 * wrong": Postgres restarting or shutting down (SQLSTATE class 08 and 57P01–57P03), a
 * refused, reset or timed-out connection, a pooled connection that died. Callers retry
 * these (a process at start, a job), and the API answers them with 503.
 */
const DOWN_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "57P01", // admin_shutdown: terminated by an administrator or a fast/immediate shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up, shutting down, in recovery
]);

const DOWN_MESSAGE =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i;

export function isDatabaseDown(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const { code, message, cause, errors } = e as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === "string" && (DOWN_CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof message === "string" && DOWN_MESSAGE.test(message)) return true;
    // An AggregateError (a host that resolves to several addresses) carries each attempt's error.
    if (Array.isArray(errors) && errors.some((x) => isDatabaseDown(x))) return true;
    e = cause;
  }
  return false;
}
