export interface NdjsonOptions {
  /** Stop reading once the body passes this many bytes. */
  maxBytes?: number;
  /** The error thrown when it does (default: a RangeError). */
  tooLarge?: (maxBytes: number) => Error;
}

/** Lines of a streamed body (NDJSON), decoded as UTF-8, with an optional byte cap enforced while reading. */
export async function* ndjsonLines(body: ReadableStream<Uint8Array> | null, options: NdjsonOptions = {}): AsyncGenerator<string> {
  if (!body) return;
  const { maxBytes = Number.POSITIVE_INFINITY, tooLarge = (max: number) => new RangeError(`the body is larger than ${max} bytes`) } = options;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      buffered += decoder.decode(value, { stream: true });
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        yield buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
      }
    }
    buffered += decoder.decode();
    if (buffered.length > 0) yield buffered;
  } finally {
    reader.releaseLock();
  }
}
