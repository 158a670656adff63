import { type Config, ConfigError, loadConfig } from "./env.ts";
import { createLogger, type Logger } from "./logger.ts";
import { Shutdown } from "./shutdown.ts";

/**
 * Entry point of a service or worker process: parse the config, build the
 * logger and the shutdown registry, run `start`. A bad configuration or a
 * failed start (missing model, unreachable database) ends the process with a
 * one-line reason and exit code 1, not a stack trace.
 */
export async function runMain(
  name: string,
  start: (ctx: { config: Config; logger: Logger; shutdown: Shutdown }) => Promise<unknown>,
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(`${name}: ${err instanceof ConfigError ? err.message : String(err)}`);
    process.exit(1);
  }
  const logger = createLogger(name, config.LOG_LEVEL);
  const shutdown = new Shutdown(logger);
  shutdown.onSignals();
  try {
    await start({ config, logger, shutdown });
    // A supervising parent (the embedded `pnpm start`) waits for this before going on,
    // and if that parent dies, this process must not live on as an orphan.
    if (process.send) {
      process.send({ type: "ready" });
      process.once("disconnect", () => void shutdown.run("parent process gone").then(() => process.exit(0)));
    }
  } catch (err) {
    logger.error({ err }, "start failed");
    console.error(`${name}: start failed: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown.run("start failed");
    process.exit(1);
  }
}
