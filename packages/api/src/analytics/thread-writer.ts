import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { AnalyticsFlush, AnalyticsWriter } from "./count-writer";
import { packFlush } from "./flush-wire";
import { threadWriterData, type ThreadWriterData, type WriterMessage, type WriterReply } from "./thread-protocol";

/**
 * The script a writer thread starts with: it registers tsx's loader in the thread, then imports
 * the thread's TypeScript entry. The API has no build step and runs under tsx; Node 20 does not
 * apply loader hooks given to a worker as `--import` in execArgv, so the thread registers them
 * itself through tsx's API, resolved (its `import` export) from this file, so it works whether
 * the main thread runs under tsx or under vitest. The thread finds the same tsconfig (from the
 * working directory) as the main thread.
 */
function bootstrapScript(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("tsx/package.json");
  const exports = (JSON.parse(readFileSync(manifest, "utf8")) as { exports: Record<string, { import: { default: string } }> }).exports;
  const api = pathToFileURL(resolve(dirname(manifest), exports["./esm/api"]!.import.default)).href;
  const entry = new URL("./count-writer-thread.ts", import.meta.url).href;
  return `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
}

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
}

interface WriterThread {
  worker: Worker;
  waiting: Map<number, Waiting>;
  commits: number;
}

/**
 * An AnalyticsWriter that runs the CountWriter in a worker thread with its own libSQL
 * connection to the same database file, so the database work of a flush (the facts and window
 * reads, the clone rules, the counter and flag upserts) stays off the request thread. A write
 * resolves when the thread acknowledges the committed batch and rejects on the thread's error;
 * a thread that died is replaced on the next write. Only for `file:` databases (a second
 * connection to `:memory:` would be another, empty database).
 */
export class ThreadedCountWriter implements AnalyticsWriter {
  private readonly data: ThreadWriterData;
  private thread: WriterThread | undefined;
  private nextId = 1;
  private closed = false;

  constructor(options: ThreadWriterData) {
    this.data = threadWriterData.parse(options);
  }

  /** Writes the flush and everything the thread holds now; resolves once committed. */
  write(flush: AnalyticsFlush): Promise<void> {
    return this.send(flush, false);
  }

  /**
   * Hands the flush to the thread, which may hold it to commit it together with the flushes
   * that follow (once `commitCounters` counters wait, or `commitMs` after the first): fewer, larger
   * transactions, whose pages are shared by many counters. Resolves once committed; a rejection
   * means nothing of it was written. Can be called again before it resolves: flushes are
   * written in the order they were sent.
   */
  writeLater(flush: AnalyticsFlush): Promise<void> {
    return this.send(flush, true);
  }

  private send(flush: AnalyticsFlush, later: boolean): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the analytics writer thread is closed"));
    const thread = this.thread ?? this.start();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject });
      thread.worker.ref(); // a write in flight keeps the process alive until it is acknowledged
      const packed = packFlush(flush);
      thread.worker.postMessage({ id, flush: packed, later } satisfies WriterMessage, [packed.numbers.buffer]);
    });
  }

  /** Waits for the writes in flight (those held are committed at once), then stops the thread. */
  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    if (!thread) return;
    // Flushes the thread holds are committed now, not when their time is up.
    if (thread.waiting.size > 0) thread.worker.postMessage({ id: this.nextId++, flush: packFlush({ at: 0, counts: [], known: [] }), later: false } satisfies WriterMessage);
    await new Promise<void>((resolve) => {
      if (thread.waiting.size === 0) return resolve();
      thread.worker.on("message", () => thread.waiting.size === 0 && resolve());
      thread.worker.on("exit", () => resolve());
    });
    this.thread = undefined;
    await thread.worker.terminate();
  }

  /** Whether a thread is running (for tests and diagnostics). */
  get threadId(): number | undefined {
    return this.thread?.worker.threadId;
  }

  /** Transactions the current thread has committed (for tests and diagnostics). */
  get commits(): number {
    return this.thread?.commits ?? 0;
  }

  private start(): WriterThread {
    const worker = new Worker(bootstrapScript(), { eval: true, workerData: this.data, execArgv: [] });
    const waiting = new Map<number, Waiting>();
    const thread: WriterThread = { worker, waiting, commits: 0 };
    worker.unref(); // an idle writer does not keep the process alive
    worker.on("message", (reply: WriterReply) => {
      const entry = waiting.get(reply.id);
      if (!entry) return;
      waiting.delete(reply.id);
      if (waiting.size === 0) worker.unref();
      if (reply.ok) {
        if (reply.commit > thread.commits) thread.commits = reply.commit;
        entry.resolve();
      }
      else entry.reject(new Error(`analytics writer thread: ${reply.error}`));
    });
    const fail = (error: Error) => {
      if (this.thread === thread) this.thread = undefined; // replaced on the next write
      for (const entry of waiting.values()) entry.reject(error);
      waiting.clear();
    };
    worker.on("error", (error) => fail(error));
    worker.on("exit", (code) => fail(new Error(`the analytics writer thread exited (code ${code})`)));
    this.thread = thread;
    return thread;
  }
}
