import { ApiError } from "../../errors/api-error";

const encoder = new TextEncoder();

/**
 * A response streaming text chunks. The first chunk is read before answering, so a failure
 * to start is still a problem response; later failures end the stream with an error.
 */
export async function streamResponse(chunks: AsyncGenerator<string>, headers: Record<string, string>): Promise<Response> {
  const first = await chunks.next();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        console.error("EPCIS export stopped", error);
        controller.error(error instanceof ApiError ? error : new Error("the export stopped"));
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(stream, { status: 200, headers });
}
