export { type Config, ConfigError, configSchema, loadConfig } from "./env.ts";
export { createLogger, type Logger } from "./logger.ts";
export { runMain } from "./main.ts";
export { Shutdown } from "./shutdown.ts";
