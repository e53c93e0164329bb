import { ApiError } from "../../errors/api-error";

/** Lines of an NDJSON request body, with a byte cap enforced while reading. */
export async function* ndjsonLines(body: ReadableStream<Uint8Array> | null, maxBytes: number): AsyncGenerator<string> {
  if (!body) return;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ApiError("payload-too-large", `bulk bodies are limited to ${maxBytes} bytes`);
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
}
