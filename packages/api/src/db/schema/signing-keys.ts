import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

/**
 * Public keys an organisation signs vouchers with, by global key index (the number carried
 * in every voucher). Custodial keys also keep the private JWK, AES-GCM encrypted with the
 * key-encryption key from the environment.
 */
export const signingKeys = sqliteTable(
  "signing_keys",
  {
    keyIndex: integer("key_index").primaryKey(),
    orgId: text("org_id").notNull().references(() => organisations.id),
    kid: text("kid").notNull().unique(),
    alg: text("alg").notNull(),
    publicJwk: text("public_jwk", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    encryptedPrivateJwk: text("encrypted_private_jwk"),
    notBefore: text("not_before").notNull(),
    notAfter: text("not_after").notNull(),
    revokedAt: text("revoked_at"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("signing_keys_org").on(table.orgId)],
);
