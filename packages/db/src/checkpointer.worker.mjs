// Background WAL checkpoints for one SQLite file (see startCheckpointer in connect.ts).
// Plain JavaScript: worker threads do not go through the TypeScript loader.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, everyMs } = workerData;
const db = new Database(file);
// Never wait for locks here: a busy checkpoint is simply tried again next time.
db.pragma("busy_timeout = 0");
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // SQLITE_BUSY or a transient error: the next tick retries.
  }
}, everyMs);
parentPort.on("message", (m) => {
  if (m === "close") {
    clearInterval(timer);
    db.close();
    parentPort.postMessage({ closed: true });
    parentPort.close();
  }
});
parentPort.postMessage({ ready: true });
