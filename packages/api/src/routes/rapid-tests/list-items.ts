import { createRoute, z } from "@hono/zod-openapi";
import { RAPID_TEST_CATALOGUE, rapidTestCategories } from "@shian/schemas";
import type { App } from "../app-types";
import { json, pick } from "../common";
import { CatalogueItemSchema } from "./schemas";

const Query = z.object({ category: z.enum(rapidTestCategories.values).optional().openapi({ description: "Only this category" }) }).strict();

export const listRapidTestItemsRoute = createRoute({
  method: "get",
  path: "/rapid-test-items",
  tags: ["rapid tests"],
  summary: "The rapid-test catalogue (65 items in 7 categories): method, standard and threshold of each; public, rate-limited",
  request: { query: Query },
  responses: { 200: json(z.object({ items: z.array(CatalogueItemSchema) }), "Catalogue items, in catalogue order"), ...pick(400, 429) },
});

export function registerListRapidTestItems(app: App) {
  app.openapi(listRapidTestItemsRoute, (c) => {
    const { category } = c.req.valid("query");
    c.header("cache-control", "public, max-age=3600");
    return c.json({ items: RAPID_TEST_CATALOGUE.filter((item) => !category || item.category === category) }, 200);
  });
}
