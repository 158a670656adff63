import { type Logger, pino } from "pino";

export type { Logger };

/**
 * JSON logs to stdout; `name` tells the processes apart when they share a terminal.
 * `file` writes them to that file instead, through the same kind of destination
 * (the benches: a server's log must not flow through the load generator's pipe).
 */
export function createLogger(name: string, level: string, file?: string): Logger {
  const options = { name, level, base: { service: name } };
  return file === undefined ? pino(options) : pino(options, pino.destination(file));
}
