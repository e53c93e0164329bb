import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

/**
 * 一户一档: a food business's profile, one per organisation. The grade is never stored here:
 * it is computed from `inspections` (see `grade_history` for what was computed when).
 */
export const merchantProfiles = sqliteTable(
  "merchant_profiles",
  {
    orgId: text("org_id").primaryKey().references(() => organisations.id),
    uscc: text("uscc").notNull(),
    licenceNumber: text("licence_number"),
    licenceValidFrom: text("licence_valid_from"),
    licenceValidUntil: text("licence_valid_until"),
    /** OrganisationKind of the business (restaurant, canteen, stall, …). */
    businessType: text("business_type").notNull(),
    address: text("address").notNull(),
    /** GB/T 2260 code; also picks the jurisdiction whose grade rule set applies. */
    region: text("region").notNull(),
    responsiblePerson: text("responsible_person", { mode: "json" }).$type<{ name: string; title?: string }>().notNull(),
    phone: text("phone").notNull(),
    openingHours: text("opening_hours", { mode: "json" }).$type<unknown[]>().notNull(),
    /** RetentionPolicy overrides for this business's purchase ledger (null: the legal defaults). */
    retentionPolicy: text("retention_policy", { mode: "json" }).$type<Record<string, number>>(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [index("merchant_profiles_region").on(table.region), index("merchant_profiles_licence_until").on(table.licenceValidUntil)],
);

/** Supervision inspections, written by regulators only; never updated or deleted. */
export const inspections = sqliteTable(
  "inspections",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    regulatorOrgId: text("regulator_org_id").notNull().references(() => organisations.id),
    inspector: text("inspector", { mode: "json" }).$type<{ name: string; id?: string }>().notNull(),
    inspectedAt: text("inspected_at").notNull(),
    /** Total on the 10-point scale in integer tenths (8.5 → 85). */
    scoreTenths: integer("score_tenths").notNull(),
    keyItemsFailed: integer("key_items_failed").notNull(),
    items: text("items", { mode: "json" }).$type<unknown[]>().notNull(),
    checklistId: text("checklist_id"),
    evidence: text("evidence", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("inspections_org_time").on(table.orgId, table.inspectedAt)],
);

/**
 * Every computed grade change of a business: the grade (null = no grade), the rule set that
 * computed it and the inspections it was computed from. The newest row is the current grade.
 */
export const gradeHistory = sqliteTable(
  "grade_history",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    /** Per-business sequence: 1, 2, …; unique, so two writers cannot both append the same change. */
    seq: integer("seq").notNull(),
    grade: text("grade"),
    reason: text("reason").notNull(),
    ruleSetId: text("rule_set_id").notNull(),
    ruleSetVersion: integer("rule_set_version").notNull(),
    averageTenths: integer("average_tenths"),
    inspectionIds: text("inspection_ids", { mode: "json" }).$type<string[]>().notNull(),
    /** What caused the computation: an inspection id, `recompute` or `rule-set`. */
    trigger: text("trigger").notNull(),
    asOf: text("as_of").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [uniqueIndex("grade_history_org_seq").on(table.orgId, table.seq), index("grade_history_grade").on(table.grade)],
);

/** Grade rule sets added as data (GradeRuleSet JSON), beside the built-in ones of @shian/schemas. */
export const gradeRuleSets = sqliteTable(
  "grade_rule_sets",
  {
    id: text("id").notNull(),
    version: integer("version").notNull(),
    jurisdiction: text("jurisdiction").notNull(),
    effectiveFrom: text("effective_from").notNull(),
    body: text("body", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [uniqueIndex("grade_rule_sets_id_version").on(table.id, table.version)],
);

/** Staff health certificates (健康证). Public pages show counts by state only. */
export const healthCertificates = sqliteTable(
  "health_certificates",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    holderName: text("holder_name").notNull(),
    number: text("number"),
    issuedBy: text("issued_by").notNull(),
    issueDate: text("issue_date").notNull(),
    expiryDate: text("expiry_date").notNull(),
    /** Blob key of the scanned certificate, when uploaded. */
    documentRef: text("document_ref"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("health_certificates_org").on(table.orgId), index("health_certificates_expiry").on(table.expiryDate)],
);

/** 一店一码: the signed merchant voucher of a business (also a row in `vouchers`, type merchant). */
export const merchantCodes = sqliteTable(
  "merchant_codes",
  {
    code: text("code").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    digits: text("digits").notNull().unique(),
    url: text("url").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("merchant_codes_org").on(table.orgId)],
);
