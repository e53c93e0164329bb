/**
 * The worker thread's side of ThreadedCountWriter: opens its own connection to the database
 * file and runs a CountWriter on it. Flushes arrive in order; those sent `later` are held and
 * written together, in one transaction, once enough counters wait, once the first has waited
 * long enough, or when a flush comes that is not `later`. Every flush is answered once its
 * transaction committed (or with the error that undid it). Started by thread-writer.ts; not
 * imported by anything else.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openLibsql } from "../db/libsql";
import { CountWriter } from "./count-writer";
import { unpackFlush } from "./flush-wire";
import { HeldFlushes } from "./held-flushes";
import { COMMIT_COUNTERS, COMMIT_MS, threadWriterData, type WriterMessage, type WriterReply } from "./thread-protocol";

if (!parentPort) throw new Error("count-writer-thread runs in a worker thread");
const port = parentPort;
const data = threadWriterData.parse(workerData);
const { db } = openLibsql(data.url);
const writer = new CountWriter(db, { rule: data.rule, ...(data.windowRefreshMs !== undefined ? { windowRefreshMs: data.windowRefreshMs } : {}) });
const commitCounters = data.commitCounters ?? COMMIT_COUNTERS;
const commitMs = data.commitMs ?? COMMIT_MS;

let held = new HeldFlushes();
let timer: ReturnType<typeof setTimeout> | undefined;
let commits = 0;
// Commits run one at a time, in the order the flushes came.
let queue: Promise<void> = Promise.resolve();

function commit(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (held.ids.length === 0) return;
  const batch = held;
  held = new HeldFlushes();
  queue = queue.then(async () => {
    let replies: WriterReply[];
    try {
      await writer.write(batch.merged());
      const number = ++commits;
      replies = batch.ids.map((id) => ({ id, ok: true, commit: number }));
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      replies = batch.ids.map((id) => ({ id, ok: false, error: message }));
    }
    for (const reply of replies) port.postMessage(reply);
  });
}

port.on("message", (message: WriterMessage) => {
  held.add(message.id, unpackFlush(message.flush));
  if (!message.later || held.counters >= commitCounters) commit();
  else timer ??= setTimeout(commit, commitMs);
});
