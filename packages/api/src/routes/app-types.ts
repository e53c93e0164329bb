import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Principal } from "../services/principal";
import type { Services } from "../services/index";

export interface AppEnv {
  Variables: {
    services: Services;
    principal: Principal;
  };
}

export type App = OpenAPIHono<AppEnv>;
