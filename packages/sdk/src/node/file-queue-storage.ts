import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from "node:fs";
import { dirname } from "node:path";
import type { QueuedVoucher, QueueStorage } from "../client/offline-queue";

/**
 * The offline queue in one JSON file on Node. Every change rewrites the file atomically: a
 * temporary file is written and fsynced, then renamed over the old one, so a crash leaves
 * either the old or the new queue, never half of one.
 */
export class FileQueueStorage implements QueueStorage {
  private items: Map<string, QueuedVoucher> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  private read(): Map<string, QueuedVoucher> {
    if (!this.items) {
      let list: QueuedVoucher[] = [];
      try {
        list = (JSON.parse(readFileSync(this.path, "utf8")) as { items: QueuedVoucher[] }).items;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
      this.items = new Map(list.map((item) => [item.id, item]));
    }
    return this.items;
  }

  private persist(): Promise<void> {
    const text = `${JSON.stringify({ version: 1, items: [...this.read().values()] }, null, 1)}\n`;
    // Writes run one after another, each with the state at its turn.
    const run = this.writing.then(() => {
      mkdirSync(dirname(this.path), { recursive: true });
      const temp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temp, text);
      const fd = openSync(temp, "r");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  async load(): Promise<QueuedVoucher[]> {
    return [...this.read().values()].map((item) => structuredClone(item));
  }

  async put(item: QueuedVoucher): Promise<void> {
    this.read().set(item.id, structuredClone(item));
    await this.persist();
  }

  async remove(id: string): Promise<void> {
    if (this.read().delete(id)) await this.persist();
  }
}
