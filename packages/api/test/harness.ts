import { createApp } from "../src/app";
import { type AppConfig, defaultConfig } from "../src/config";
import type { Database } from "../src/db/database";
import { SecretBox } from "../src/lib/crypto";
import { createServices, type Services } from "../src/services/index";
import type { CreateOrganisation } from "../src/services/organisations";
import type { Scope } from "../src/services/principal";
import type { WebhookOptions } from "../src/services/webhooks";
// The storage target of the vitest project: test/targets/{libsql,d1,sqld}.ts (see vitest.config.ts).
import { openTestDatabase, targetConfig } from "#test-target";

export interface TestOrg {
  id: string;
  namespace: number;
  key: string;
}

export interface Harness {
  db: Database;
  services: Services;
  app: ReturnType<typeof createApp>;
  /** Creates an organisation with a custodial Ed25519 key and an API key. */
  org(role: CreateOrganisation["role"], extra?: Partial<CreateOrganisation> & { scopes?: Scope[]; custodial?: boolean }): Promise<TestOrg>;
  /** An in-process HTTP request to the app. */
  call(method: string, path: string, options?: { key?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> }): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  close(): void;
}

/** `now` replaces the services' clock (e.g. a test's controllable one); `webhooks` the dispatcher's fetch, jitter and limits. */
export async function createHarness(overrides: Partial<AppConfig> = {}, options: { now?: () => Date; webhooks?: WebhookOptions } = {}): Promise<Harness> {
  const { db, close } = await openTestDatabase();
  const config = defaultConfig({ ...targetConfig, publicUrl: "http://localhost:8787", publicRateLimitPerMinute: 0, webhookAllowLoopback: true, ...overrides });
  const services = createServices({ db, box: await SecretBox.fromBase64url(SecretBox.generateKey()), config, ...(options.now ? { now: options.now } : {}), ...(options.webhooks ? { webhooks: options.webhooks } : {}) });
  await services.trust.ensurePlatform();
  const app = createApp(services);
  let count = 0;
  return {
    db,
    services,
    app,
    async org(role, extra = {}) {
      const { scopes, custodial = true, ...rest } = extra;
      const org = await services.orgs.create({ name: `${role} ${++count}`, role, ...rest });
      if (custodial && role !== "admin") await services.keys.register(org.id, { generate: "Ed25519" });
      const { key } = await services.apiKeys.create(org.id, { name: "test", ...(scopes ? { scopes } : {}) });
      return { id: org.id, namespace: org.namespace, key };
    },
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      let body = options.body;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers["content-type"] ??= "application/json";
      }
      const response = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed, text, headers: response.headers };
    },
    close,
  };
}

/** A rapid-test body for the enzyme-inhibition method (≥ 50 % inhibition is a fail). */
export const enzymeTest = (value: number) => ({
  item: "organophosphate-carbamate",
  method: "enzyme-inhibition",
  standard: { code: "GB/T 5009.199-2003" },
  threshold: { comparator: "gte", value: 50, unit: "%" },
  measured: { kind: "value", value },
  tester: { name: "Tester" },
  testPoint: { id: "lab-1" },
});

export const vegetableBatch = (quantity = 100_000) => ({ product: { name: "菜心", category: "vegetable" }, originRegion: "530424", quantity, unit: "gram" });
