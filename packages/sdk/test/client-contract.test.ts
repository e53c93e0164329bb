/**
 * The API client against the API's own contract: every operation of /openapi.json has a
 * client method and every client method an operation (with the same path parameters,
 * Idempotency-Key header and auth), and — checked by `tsc` — the client's request and
 * response types are mutually assignable with the route schemas' zod types.
 * The SDK does not depend on the API at run time; only this test reads it.
 */
import type { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../api/test/harness";
import type { createApiKeyRoute } from "../../api/src/routes/api-keys/create-api-key";
import type { createBatchRoute } from "../../api/src/routes/batches/create-batch";
import type { traceBatchRoute } from "../../api/src/routes/batches/trace-batch";
import type { recallBatchRoute } from "../../api/src/routes/batches/recall-batch";
import type { recordRapidTestRoute } from "../../api/src/routes/batches/record-rapid-test";
import type { splitBatchRoute } from "../../api/src/routes/batches/split-batch";
import type { registerKeyRoute } from "../../api/src/routes/keys/register-key";
import type { createOrganisationRoute } from "../../api/src/routes/organisations/create-organisation";
import type { healthRoute } from "../../api/src/routes/meta/health";
import type { ApiKeySchema, BatchSchema, OrganisationSchema, RapidTestSchema, RecallSchema, SigningKeySchema, VoucherSchema } from "../../api/src/routes/schemas";
import type { IssueVoucher, RegisterVoucher } from "../../api/src/services/vouchers";
import type { ClaimedSchema, RegulatorReportSchema, ReporterViewSchema, SubmittedSchema } from "../../api/src/routes/reports/schemas";
import type { submitReportRoute } from "../../api/src/routes/reports/submit-report";
import type { closeReportRoute } from "../../api/src/routes/reports/close-report";
import type { createGs1LinkRoute, resolverDescriptionRoute } from "../../api/src/routes/gs1/index";
import type { Gs1LinkSchema, LinksetSchema } from "../../api/src/routes/gs1/schemas";
import type { CastVoteResultSchema, TallySchema, VoteItemSchema, VoteTokenSchema } from "../../api/src/routes/votes/schemas";
import type { proposeVoteItemRoute } from "../../api/src/routes/votes/propose-item";
import type { ScoreSchema, TaskSchema } from "../../api/src/routes/co-supervision/schemas";
import type { postTaskRoute } from "../../api/src/routes/co-supervision/post-task";
import type { submitEvidenceRoute } from "../../api/src/routes/co-supervision/submit-evidence";
import { OPERATIONS, SCOPES } from "../src/client/index";
import type * as T from "../src/client/types";
import type * as R from "../src/client/report-types";
import type * as V from "../src/client/vote-types";
import type * as C from "../src/client/co-supervision-types";
import type * as G from "../src/client/gs1-types";
import type * as A from "../src/client/scan-analytics-types";
import type { FlagSchema, MerchantCountsSchema, RegionCountsSchema, VoucherCountsSchema } from "../../api/src/routes/scan-analytics/schemas";
import type { DashboardSchema } from "../../api/src/routes/dashboard/get-dashboard";

// ── types: mutual assignability (a drift in either direction fails `tsc`) ─────
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(check: Same<A, B>) => check;
type Body<R> = R extends { request: { body: { content: { "application/json": { schema: infer S extends z.ZodType } } } } } ? z.input<S> : never;
type Reply<R, S extends number> = R extends { responses: { [K in S]: { content: { "application/json": { schema: infer Z extends z.ZodType } } } } } ? z.output<Z> : never;
type Strip<O> = { [K in keyof O as string extends K ? never : K]: O[K] };

export const typeChecks = [
  same<A.VoucherScanCounts, z.output<typeof VoucherCountsSchema>>(true),
  same<A.MerchantScanCounts, z.output<typeof MerchantCountsSchema>>(true),
  same<A.RegionScanCounts, z.output<typeof RegionCountsSchema>>(true),
  same<A.FlaggedCode, z.output<typeof FlagSchema>>(true),
  same<A.Dashboard, z.output<typeof DashboardSchema>>(true),
  same<T.CreateOrganisationInput, Body<typeof createOrganisationRoute>>(true),
  same<T.Organisation, z.output<typeof OrganisationSchema>>(true),
  // Scopes are compared at run time with the document's enum (below).
  same<Omit<T.CreateApiKeyInput, "scopes">, Omit<Body<typeof createApiKeyRoute>, "scopes">>(true),
  same<T.ApiKey, z.output<typeof ApiKeySchema>>(true),
  same<T.CreatedApiKey, Reply<typeof createApiKeyRoute, 201>>(true),
  same<T.RegisterKeyInput, Omit<Body<typeof registerKeyRoute>, "publicJwk"> & { publicJwk?: T.Jwk }>(true),
  same<T.SigningKey, z.output<typeof SigningKeySchema>>(true),
  same<T.CreateBatchInput, Body<typeof createBatchRoute>>(true),
  same<T.Batch, z.output<typeof BatchSchema>>(true),
  same<T.SplitBatchInput, Body<typeof splitBatchRoute>>(true),
  same<T.BatchTrace, Reply<typeof traceBatchRoute, 200>>(true),
  same<Strip<T.RapidTestInput>, Strip<Body<typeof recordRapidTestRoute>>>(true),
  same<T.RapidTest, z.output<typeof RapidTestSchema>>(true),
  same<T.RecordedRapidTest, Reply<typeof recordRapidTestRoute, 201>>(true),
  same<T.CreateRecallInput, Body<typeof recallBatchRoute>>(true),
  same<T.Recall, z.output<typeof RecallSchema>>(true),
  same<T.IssueVoucherInput, z.input<typeof IssueVoucher>>(true),
  same<T.RegisterVoucherInput, z.input<typeof RegisterVoucher>>(true),
  same<T.Voucher, z.output<typeof VoucherSchema>>(true),
  same<T.Health, Reply<typeof healthRoute, 200>>(true),
  same<R.ReportSubmissionInput, Body<typeof submitReportRoute>>(true),
  same<R.SubmittedReport, z.output<typeof SubmittedSchema>>(true),
  same<R.ReporterReportView, z.output<typeof ReporterViewSchema>>(true),
  same<R.ClaimedReward, z.output<typeof ClaimedSchema>>(true),
  same<R.Report, z.output<typeof RegulatorReportSchema>>(true),
  same<R.CloseReportInput, Body<typeof closeReportRoute>>(true),
  same<V.VoteToken, z.output<typeof VoteTokenSchema>>(true),
  same<V.ProposeVoteItemInput, Body<typeof proposeVoteItemRoute>>(true),
  same<V.VoteItem, z.output<typeof VoteItemSchema>>(true),
  same<V.VoteTally, z.output<typeof TallySchema>>(true),
  same<V.CastVote, z.output<typeof CastVoteResultSchema>>(true),
  same<C.PostCoTaskInput, Body<typeof postTaskRoute>>(true),
  same<C.CoTaskEvidenceInput, Body<typeof submitEvidenceRoute>>(true),
  same<C.CoTask, z.output<typeof TaskSchema>>(true),
  same<C.CoSupervisorScore, z.output<typeof ScoreSchema>>(true),
  same<G.Gs1LinkInput, Body<typeof createGs1LinkRoute>>(true),
  same<G.StoredGs1Link, z.output<typeof Gs1LinkSchema>>(true),
  same<G.Gs1ResolverDescription, Reply<typeof resolverDescriptionRoute, 200>>(true),
  same<G.Gs1Linkset, z.output<typeof LinksetSchema>>(true),
];

// ── operations: the OpenAPI document against the client's table ──────────────
interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string }>;
  security?: unknown[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

/** Data operations answer JSON, a JOSE document, NDJSON, a GS1 linkset, EPCIS JSON-LD or a spreadsheet (CSV, XLSX); web pages and their files (the scanner app) are for browsers, not the client. */
const DATA_TYPES = ["application/json", "application/jose", "application/x-ndjson", "application/linkset+json", "application/ld+json", "text/csv; charset=utf-8", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];
const isDataOperation = (operation: OpenApiOperation) =>
  Object.entries(operation.responses ?? {}).some(([status, response]) => status.startsWith("2") && Object.keys(response.content ?? {}).some((type) => DATA_TYPES.includes(type)));

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

describe("API client contract", () => {
  it("has a method for every operation of /openapi.json and nothing else", async () => {
    const { status, body } = await h.call("GET", "/openapi.json");
    expect(status).toBe(200);
    const documented = new Map<string, OpenApiOperation>();
    for (const [path, methods] of Object.entries(body.paths as Record<string, Record<string, OpenApiOperation>>)) {
      for (const [method, operation] of Object.entries(methods)) if (isDataOperation(operation)) documented.set(`${method.toUpperCase()} ${path}`, operation);
    }
    const client = new Map(Object.entries(OPERATIONS).map(([name, operation]) => [`${operation.method} ${operation.path}`, { name, operation }]));
    expect([...client.keys()].sort()).toEqual([...documented.keys()].sort());

    for (const [key, { name, operation }] of client) {
      const documentedOperation = documented.get(key)!;
      const params = documentedOperation.parameters ?? [];
      const pathParams = params.filter((p) => p.in === "path").map((p) => p.name).sort();
      expect([...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), `${name} path parameters`).toEqual(pathParams);
      expect(operation.idempotent, `${name} Idempotency-Key`).toBe(params.some((p) => p.in === "header" && p.name === "idempotency-key"));
      expect(operation.auth, `${name} auth`).toBe((documentedOperation.security?.length ?? 0) > 0);
    }
    expect(typeChecks.every(Boolean)).toBe(true);
  });

  it("knows the API key scopes the API knows", async () => {
    const { body } = await h.call("GET", "/openapi.json");
    const schema = body.paths["/v1/api-keys"].post.requestBody.content["application/json"].schema;
    expect([...SCOPES].sort()).toEqual([...schema.properties.scopes.items.enum].sort());
  });
});
