import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./errors/api-error";
import { problemResponse } from "./errors/problem";
import { registerApiKeyRoutes } from "./routes/api-keys/index";
import type { App, AppEnv } from "./routes/app-types";
import { registerBatchRoutes } from "./routes/batches/index";
import { registerKeyRoutes } from "./routes/keys/index";
import { registerCertificateRoutes } from "./routes/certificates/index";
import { registerCoSupervisionRoutes } from "./routes/co-supervision/index";
import { registerDashboardRoutes } from "./routes/dashboard/index";
import { registerEpcisRoutes } from "./routes/epcis/index";
import { registerFsma204Routes } from "./routes/fsma204/index";
import { registerGs1Routes } from "./routes/gs1/index";
import { registerLedgerRoutes } from "./routes/ledger/index";
import { registerMerchantRoutes } from "./routes/merchants/index";
import { registerRecordRoutes } from "./routes/records/index";
import { registerReportRoutes } from "./routes/reports/index";
import { registerScanAnalyticsRoutes } from "./routes/scan-analytics/index";
import { registerDocs } from "./routes/meta/docs";
import { registerHealth } from "./routes/meta/health";
import { registerOrganisationRoutes } from "./routes/organisations/index";
import { registerPublicRoutes } from "./routes/public/index";
import { registerVoteRoutes } from "./routes/votes/index";
import { registerLockdownRoutes } from "./routes/lockdowns/index";
import { registerRapidTestRoutes } from "./routes/rapid-tests/index";
import { registerWebhookRoutes } from "./routes/webhooks/index";
import { registerVoucherRoutes } from "./routes/vouchers/index";
import type { Services } from "./services/index";

export interface AppOptions {
  /** Identifies a client for rate limiting; entries pass the connection's address. */
  clientKey?: (c: Context) => string;
}

const PUBLIC_PREFIXES = ["/v/", "/m/", "/c/", "/.well-known/", "/trust-bundle", "/status-lists/", "/reports", "/01/", "/votes", "/rapid-test-items"];
/** Routes that read their own (non-JSON) body under their own limit: bulk NDJSON, file uploads. */
const RAW_BODY_PATHS = ["/v1/vouchers/bulk", "/v1/documents"];
/** Routes that also take JSON-LD bodies (EPCIS documents are application/ld+json). */
const LD_JSON_PATHS = ["/v1/epcis/capture"];
const defaultClientKey = (c: Context) => c.req.header("cf-connecting-ip") ?? "anonymous";

/** The whole API, the same for the Node and the Workers entries. */
export function createApp(services: Services, options: AppOptions = {}): App {
  const clientKey = options.clientKey ?? defaultClientKey;
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw result.error;
    },
  });

  app.onError((error, c) => problemResponse(c, error));
  app.notFound((c) => problemResponse(c, new ApiError("not-found", `no route for ${c.req.method} ${c.req.path}`)));

  // Every request: the services, and the rate limit of the public routes (one middleware, as it runs on every scan).
  app.use("*", (c, next) => {
    c.set("services", services);
    const path = c.req.path;
    if (PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix))) {
      const wait = services.rateLimiter.hit(clientKey(c));
      if (wait > 0) throw new ApiError("rate-limited", `too many requests from this client; retry in ${wait} s`, { retryAfter: wait });
    }
    return next();
  });

  app.use("/v1/*", async (c, next) => {
    const header = c.req.header("authorization");
    c.set("principal", await services.apiKeys.authenticate(header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined));
    // Bodiless POSTs (the revoke routes, a merchant code) need no content type; any body must be
    // JSON. A Node server gives every POST a body stream, an empty one with Content-Length: 0.
    if (c.req.method === "POST" && !RAW_BODY_PATHS.includes(c.req.path) && c.req.raw.body !== null && c.req.header("content-length") !== "0") {
      const type = c.req.header("content-type") ?? "";
      if (!/^application\/json\b/i.test(type) && !(LD_JSON_PATHS.includes(c.req.path) && /^application\/ld\+json\b/i.test(type))) throw new ApiError("unsupported-media-type", "send application/json");
    }
    await next();
  });

  const jsonLimit = bodyLimit({
    maxSize: services.config.maxJsonBytes,
    onError: () => {
      throw new ApiError("payload-too-large", `JSON bodies are limited to ${services.config.maxJsonBytes} bytes`);
    },
  });
  // The bulk route reads its own stream under its own, larger limit.
  app.use("/v1/*", (c, next) => (RAW_BODY_PATHS.includes(c.req.path) ? next() : jsonLimit(c, next)));

  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer", description: "An organisation's API key: sk_<prefix>_<secret>" });
  registerHealth(app);
  registerOrganisationRoutes(app);
  registerApiKeyRoutes(app);
  registerKeyRoutes(app);
  registerBatchRoutes(app);
  registerVoucherRoutes(app);
  registerMerchantRoutes(app);
  registerLedgerRoutes(app);
  registerCertificateRoutes(app);
  registerRecordRoutes(app);
  registerPublicRoutes(app);
  registerReportRoutes(app);
  registerGs1Routes(app);
  registerFsma204Routes(app);
  registerEpcisRoutes(app);
  registerVoteRoutes(app);
  registerCoSupervisionRoutes(app);
  registerRapidTestRoutes(app);
  registerLockdownRoutes(app);
  registerWebhookRoutes(app);
  registerScanAnalyticsRoutes(app);
  registerDashboardRoutes(app);
  registerDocs(app, {
    openapi: "3.1.0",
    info: {
      title: "Shian trace-code API",
      version: "0.1.0",
      description: "Issue and resolve signed food-safety vouchers: batches, splits, tracing, vouchers (single and bulk), rapid tests, recalls, and public scan resolution with trust bundle, status lists and JWKS.",
    },
  });
  return app;
}
