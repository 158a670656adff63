import type { Logger } from "pino";

/**
 * One registry of things to close, run once in reverse order of registration
 * (HTTP server → workers → queues → Redis → DB when registered the other way
 * round), bounded by a timeout.
 */
export class Shutdown {
  private readonly steps: { name: string; fn: () => Promise<unknown> | unknown }[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly timeoutMs = 15_000,
  ) {}

  add(name: string, fn: () => Promise<unknown> | unknown): void {
    this.steps.push({ name, fn });
  }

  run(reason: string): Promise<void> {
    this.running ??= (async () => {
      this.logger.info({ reason }, "shutting down");
      const all = (async () => {
        for (const step of [...this.steps].reverse()) {
          try {
            await step.fn();
          } catch (err) {
            this.logger.warn({ err, step: step.name }, "shutdown step failed");
          }
        }
      })();
      const timer = new Promise<void>((resolve) =>
        setTimeout(() => {
          this.logger.warn({ timeoutMs: this.timeoutMs }, "shutdown timed out");
          resolve();
        }, this.timeoutMs).unref(),
      );
      await Promise.race([all, timer]);
    })();
    return this.running;
  }

  /** Runs the registry on SIGINT/SIGTERM, then exits. */
  onSignals(): void {
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      process.once(sig, () => {
        void this.run(sig).then(() => process.exit(0));
      });
    }
  }
}
