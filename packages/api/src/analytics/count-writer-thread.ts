/**
 * The worker thread's side of ThreadedCountWriter: opens its own connection to the database
 * file and runs a CountWriter on it, one flush per message, answering each with an ack (or the
 * error's message). Started by thread-writer.ts; not imported by anything else.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openLibsql } from "../db/libsql";
import { type AnalyticsFlush, CountWriter } from "./count-writer";
import { threadWriterData, type WriterReply } from "./thread-protocol";

const port = parentPort;
if (!port) throw new Error("count-writer-thread runs in a worker thread");
const data = threadWriterData.parse(workerData);
const { db } = openLibsql(data.url);
const writer = new CountWriter(db, { rule: data.rule, ...(data.windowRefreshMs !== undefined ? { windowRefreshMs: data.windowRefreshMs } : {}) });

// Messages are handled one at a time, in order (the main thread also sends one flush at a time).
let queue: Promise<void> = Promise.resolve();
port.on("message", (message: { id: number; flush: AnalyticsFlush }) => {
  queue = queue.then(async () => {
    let reply: WriterReply;
    try {
      await writer.write(message.flush);
      reply = { id: message.id, ok: true };
    } catch (error) {
      reply = { id: message.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    port.postMessage(reply);
  });
});
