import { z } from "zod";
import { CloneRule } from "./clone-rules";

/** What the analytics writer thread is started with (its workerData). */
export const threadWriterData = z.object({
  /** A `file:` database URL: the thread opens its own connection to the same file. */
  url: z.string().startsWith("file:"),
  rule: CloneRule,
  windowRefreshMs: z.number().int().nonnegative().optional(),
});
export type ThreadWriterData = z.infer<typeof threadWriterData>;

/** The thread's answer to one flush. */
export type WriterReply = { id: number; ok: true } | { id: number; ok: false; error: string };
