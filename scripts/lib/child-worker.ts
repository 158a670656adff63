import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ChildWorker {
  /** Stops the worker (SIGTERM, its own graceful shutdown) and no longer restarts it. */
  stop(): Promise<void>;
}

/**
 * Runs a worker entry point (e.g. workers/classifier/src/main.ts) as its own
 * process so it gets a core (and an event loop) of its own. Resolves once the worker reports it is
 * ready; a worker that fails at start rejects with its exit code (its reason is
 * on stderr). A worker that dies later is restarted after a pause.
 */
export function startChildWorker(
  entry: string,
  env: Record<string, string | undefined>,
  log: { warn(obj: object, msg: string): void },
  /** Arguments for the entry point (e.g. the ingest worker's --allow-private-url=). */
  args: readonly string[] = [],
): Promise<ChildWorker> {
  let child: ChildProcess | undefined;
  let stopping = false;
  const launch = (onReady: () => void, onFail: (e: Error) => void) => {
    let ready = false;
    child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
      cwd: ROOT,
      env: { ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.on("message", (m: unknown) => {
      if ((m as { type?: string })?.type === "ready" && !ready) {
        ready = true;
        onReady();
      }
    });
    child.once("exit", (code, signal) => {
      if (!ready) return onFail(new Error(`${entry} exited with code ${code ?? signal} before it was ready`));
      if (stopping) return;
      log.warn({ entry, code, signal }, "worker process died; restarting in 2 s");
      setTimeout(() => {
        if (!stopping)
          launch(
            () => {},
            (e) => log.warn({ err: e.message }, "worker restart failed"),
          );
      }, 2_000).unref();
    });
  };
  return new Promise((resolve, reject) => {
    launch(
      () =>
        resolve({
          stop: () =>
            new Promise<void>((done) => {
              stopping = true;
              const c = child;
              if (!c || c.exitCode !== null || c.signalCode !== null) return done();
              c.once("exit", () => done());
              c.kill("SIGTERM");
            }),
        }),
      reject,
    );
  });
}
