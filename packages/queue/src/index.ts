export { UnrecoverableError } from "bullmq";
export { ClassifyBatcher, enqueueClassify } from "./batcher.ts";
export * from "./catalog.ts";
export { createRedis, openQueues, pingRedis } from "./connection.ts";
export { type KeyedLock, redisKeyedLock } from "./keyed-lock.ts";
export * from "./ops-counters.ts";
export * from "./queues.ts";
export { upsertSchedule } from "./schedules.ts";
export { TickBatch } from "./tick-batch.ts";
