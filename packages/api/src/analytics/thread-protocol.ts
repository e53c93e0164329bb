import { z } from "zod";
import { CloneRule } from "./clone-rules";
import type { PackedFlush } from "./flush-wire";

/** A flush the thread may hold back is committed once this many counters are waiting... */
export const COMMIT_COUNTERS = 20_000;
/** ...or this long after the first of them arrived. */
export const COMMIT_MS = 1_000;

/** What the analytics writer thread is started with (its workerData). */
export const threadWriterData = z.object({
  /** A `file:` database URL: the thread opens its own connection to the same file. */
  url: z.string().startsWith("file:"),
  rule: CloneRule,
  windowRefreshMs: z.number().int().nonnegative().optional(),
  /** Flushes sent with `later` are held and committed together once this many counters wait (default COMMIT_COUNTERS)... */
  commitCounters: z.number().int().positive().optional(),
  /** ...or this many ms after the first of them arrived (default COMMIT_MS). */
  commitMs: z.number().int().nonnegative().optional(),
});
export type ThreadWriterData = z.infer<typeof threadWriterData>;

/**
 * One flush for the thread. With `later`, the thread may hold it to commit it together with the
 * flushes that follow (see commitCounters, commitMs); without, it commits everything held now.
 * Either way the flush is acknowledged once committed.
 */
export interface WriterMessage {
  id: number;
  flush: PackedFlush;
  later: boolean;
}

/** The thread's answer to one flush: `commit` numbers the transaction that wrote it. */
export type WriterReply = { id: number; ok: true; commit: number } | { id: number; ok: false; error: string };
