import { z } from "@hono/zod-openapi";

/** RFC 9457 problem details, as every error response. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: "Stable error code" }),
    detail: z.string(),
    "detail_zh-CN": z.string().optional(),
    issues: z.array(z.unknown()).optional(),
  })
  .openapi("Problem");

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });

export const errors = {
  400: problem("Invalid request (validation issues in `issues`)"),
  401: problem("Missing, unknown or revoked API key"),
  403: problem("The key's organisation, role or scopes do not allow this"),
  404: problem("Not found"),
  409: problem("Conflicts with the current state, or an Idempotency-Key reused with another body"),
  413: problem("Body too large"),
  415: problem("Content-Type not supported"),
  429: problem("Rate limited"),
} as const;

export const pick = <K extends keyof typeof errors>(...codes: K[]) => Object.fromEntries(codes.map((code) => [code, errors[code]])) as Pick<typeof errors, K>;

export const bearer = [{ apiKey: [] }];

export const IdempotencyHeader = z.object({
  "idempotency-key": z.string().min(1).max(128).optional().openapi({ description: "Retry-safe key: the same key and body replay the first response" }),
});

export const TraceCodeParam = z.object({ code: z.string().max(64).openapi({ param: { name: "code", in: "path" }, example: "1001-1-5" }) });

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
