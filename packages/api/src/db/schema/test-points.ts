import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Rapid-test points (快检点) of an organisation: market lab, canteen, mobile lab, with their operators. */
export const testPoints = sqliteTable(
  "test_points",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    name: text("name").notNull(),
    /** market-lab | canteen | mobile-lab */
    kind: text("kind").notNull(),
    region: text("region").notNull(),
    address: text("address"),
    /** [{ id, name }] */
    operators: text("operators", { mode: "json" }).$type<Array<{ id: string; name: string }>>().notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("test_points_org").on(table.orgId)],
);

/** A market's 入场批批检 policy: batches of its traders need a passing rapid test before vouchers are issued. */
export const testBeforeSalePolicies = sqliteTable("test_before_sale_policies", {
  marketOrgId: text("market_org_id").primaryKey(),
  enabled: integer("enabled", { mode: "boolean" }).notNull(),
  updatedAt: text("updated_at").notNull(),
});
