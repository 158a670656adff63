import { type Logger, pino } from "pino";

export type { Logger };

/** JSON logs to stdout; `name` tells the processes apart when they share a terminal. */
export function createLogger(name: string, level: string): Logger {
  return pino({ name, level, base: { service: name } });
}
