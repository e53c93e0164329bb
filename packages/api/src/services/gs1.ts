import { buildDigitalLink, type DigitalLink, Gs1Link, Gs1Lot, Gtin, toGtin14 } from "@shian/schemas";
import { toJws } from "@shian/sdk";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type AppConfig, publicBaseUrl } from "../config";
import type { Database } from "../db/database";
import { gs1Links } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { newId } from "../lib/ids";
import { type Principal, requireScope } from "./principal";

/** A link an issuer adds for one of its GTINs (optionally one lot): a GS1 link plus the key it is for. */
export const CreateGs1Link = Gs1Link.extend({ gtin: Gtin, lot: Gs1Lot.optional() }).strict();
export const ListGs1LinksQuery = z.object({ gtin: Gtin.optional() });

/** At most this many stored links per organisation, GTIN and lot. */
export const MAX_LINKS_PER_KEY = 100;

export interface Gs1LinkView {
  id: string;
  orgId: string;
  gtin: string;
  lot: string | null;
  linkType: string;
  href: string;
  title: string;
  language: string | null;
  type: string | null;
  createdAt: string;
}
type Gs1LinkRow = typeof gs1Links.$inferSelect;
const view = (row: Gs1LinkRow): Gs1LinkView => ({
  id: row.id,
  orgId: row.orgId,
  gtin: row.gtin,
  lot: row.lot,
  linkType: row.linkType,
  href: row.href,
  title: row.title,
  language: row.language,
  type: row.mediaType,
  createdAt: row.createdAt,
});
const asLink = (row: Gs1LinkRow): Gs1Link => ({
  linkType: row.linkType,
  href: row.href,
  title: row.title,
  ...(row.language ? { language: row.language } : {}),
  ...(row.mediaType ? { type: row.mediaType } : {}),
});

/**
 * The forms a GTIN may be stored in (vouchers keep the digits they were issued with): the
 * GTIN-14 and, where its leading zeros allow, the GTIN-13, GTIN-12 and GTIN-8.
 */
export function gtinForms(gtin: string): string[] {
  const g14 = toGtin14(gtin);
  const forms = [g14];
  if (g14.startsWith("0")) forms.push(g14.slice(1));
  if (g14.startsWith("00")) forms.push(g14.slice(2));
  if (g14.startsWith("000000")) forms.push(g14.slice(6));
  return forms;
}

interface VoucherHit {
  code: string;
  org_id: string;
  batch_code: string | null;
  digits: string;
  url: string;
  lot: string | null;
  certificate_ref: string | null;
}

/** What the resolver knows about a Digital Link: its links, the default, and how closely a voucher matched. */
export interface Gs1Resolution {
  anchor: string;
  links: Gs1Link[];
  defaultLink?: Gs1Link;
  /** `serial`: the voucher with that trace code; `lot`: the latest voucher of that lot; `gtin`: the GTIN's latest voucher (no lot asked, or an unknown one). */
  matched: "serial" | "lot" | "gtin" | "none";
  voucherCode?: string;
  batchCode?: string | null;
}

/**
 * GS1 Digital Link resolution (`/01/{gtin}`…) over our vouchers and batches, and the links
 * issuers add for their GTINs.
 */
export class Gs1Service {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly now: () => Date,
  ) {}

  /** Only for a GTIN the organisation has issued a voucher for; at most MAX_LINKS_PER_KEY per GTIN and lot. */
  async create(principal: Principal, input: unknown): Promise<Gs1LinkView> {
    requireScope(principal, "vouchers:write");
    const parsed = CreateGs1Link.safeParse(input);
    if (!parsed.success) throw new ApiError("invalid-request", "not a valid GS1 link", { issues: parsed.error.issues });
    const body = parsed.data;
    const gtin = toGtin14(body.gtin);
    if (!(await this.hasIssued(principal.orgId, gtin))) {
      throw new ApiError("forbidden", `your organisation has issued no voucher carrying GTIN ${gtin}: links are only for GTINs you issue`);
    }
    const existing = await this.db.get<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM gs1_links WHERE org_id = ${principal.orgId} AND gtin = ${gtin} AND ${body.lot === undefined ? sql`lot IS NULL` : sql`lot = ${body.lot}`}`,
    );
    if (Number(existing?.n ?? 0) >= MAX_LINKS_PER_KEY) throw new ApiError("conflict", `at most ${MAX_LINKS_PER_KEY} links per GTIN and lot`);
    const row: Gs1LinkRow = {
      id: newId("gs1"),
      orgId: principal.orgId,
      gtin,
      lot: body.lot ?? null,
      linkType: body.linkType,
      href: body.href,
      title: body.title,
      language: body.language ?? null,
      mediaType: body.type ?? null,
      createdAt: this.now().toISOString(),
    };
    await this.db.insert(gs1Links).values(row).run();
    return view(row);
  }

  /** The organisation's own links, newest first (up to 1000). */
  async list(principal: Principal, query: { gtin?: string } = {}): Promise<Gs1LinkView[]> {
    requireScope(principal, "read");
    const where = query.gtin ? and(eq(gs1Links.orgId, principal.orgId), eq(gs1Links.gtin, toGtin14(query.gtin))) : eq(gs1Links.orgId, principal.orgId);
    const rows = await this.db.select().from(gs1Links).where(where).orderBy(desc(gs1Links.createdAt), desc(gs1Links.id)).limit(1000).all();
    return rows.map(view);
  }

  /** Deletes one of the organisation's own links; another organisation's is 403. */
  async remove(principal: Principal, id: string): Promise<Gs1LinkView> {
    requireScope(principal, "vouchers:write");
    const row = await this.db.select().from(gs1Links).where(eq(gs1Links.id, id)).get();
    if (!row) throw new ApiError("not-found", `no GS1 link ${id}`);
    if (row.orgId !== principal.orgId) throw new ApiError("forbidden", "this link belongs to another organisation");
    await this.db.delete(gs1Links).where(and(eq(gs1Links.id, id), eq(gs1Links.orgId, principal.orgId))).run();
    return view(row);
  }

  private async hasIssued(orgId: string, gtin14: string): Promise<boolean> {
    const forms = gtinForms(gtin14);
    // all(), not get(): the libSQL driver fails on get() of raw SQL that finds no row.
    const rows = await this.db.all<{ one: number }>(
      sql`SELECT 1 AS one FROM vouchers WHERE org_id = ${orgId} AND json_extract(claims, '$.gtin') IN (${sql.join(forms.map((f) => sql`${f}`), sql`, `)}) LIMIT 1`,
    );
    return rows.length > 0;
  }

  private async latestVoucher(forms: string[], extra: ReturnType<typeof sql>): Promise<VoucherHit | undefined> {
    const rows = await this.db.all<VoucherHit>(sql`
      SELECT code, org_id, batch_code, digits, url, json_extract(claims, '$.lot') AS lot, json_extract(claims, '$.certificateRef') AS certificate_ref
      FROM vouchers
      WHERE json_extract(claims, '$.gtin') IN (${sql.join(forms.map((f) => sql`${f}`), sql`, `)}) AND ${extra}
      ORDER BY created_at DESC, serial DESC LIMIT 1`);
    return rows[0];
  }

  /**
   * The links of a parsed Digital Link (primary key AI 01). A serial (AI 21) that is one of
   * our trace codes picks that voucher; a lot (AI 10) the latest voucher of that lot; otherwise,
   * or when neither is known, the GTIN's latest voucher. Undefined when nothing is known.
   */
  async resolve(link: DigitalLink): Promise<Gs1Resolution | undefined> {
    const gtin = toGtin14(link.primaryKey.value);
    const forms = gtinForms(gtin);
    const lot = link.qualifiers.find((q) => q.ai === "10")?.value;
    const serial = link.qualifiers.find((q) => q.ai === "21")?.value;
    const anchor = buildDigitalLink({ primaryKey: { ai: "01", value: gtin }, qualifiers: link.qualifiers }, { stem: this.config.publicUrl.replace(/\/+$/, "").toLowerCase() });

    let matched: Gs1Resolution["matched"] = "none";
    let voucher: VoucherHit | undefined;
    if (serial !== undefined) {
      voucher = await this.latestVoucher(forms, sql`code = ${serial}`);
      if (voucher) matched = "serial";
    }
    if (!voucher && lot !== undefined) {
      voucher = await this.latestVoucher(forms, sql`json_extract(claims, '$.lot') = ${lot}`);
      if (voucher) matched = "lot";
    }
    if (!voucher) {
      voucher = await this.latestVoucher(forms, sql`1 = 1`);
      if (voucher) matched = "gtin";
    }
    if (!voucher) return undefined;

    const links: Gs1Link[] = [];
    const pip: Gs1Link = { linkType: "gs1:pip", href: voucher.url, title: "Product and batch page (scan result)", type: "text/html" };
    links.push(pip);
    links.push(
      { linkType: "gs1:traceability", href: voucher.url, title: "Trace: scan result with batch, upstream chain and tests (Accept: application/json)", type: "application/json" },
      { linkType: "gs1:recallStatus", href: voucher.url, title: "Recall status: the scan result's state (Accept: application/json)", type: "application/json" },
      { linkType: "gs1:jws", href: `${publicBaseUrl(this.config, "/v/")}${voucher.digits}/jws`, title: "The voucher as a compact JWS", type: "application/jose" },
    );
    if (voucher.batch_code) {
      links.push({ linkType: "gs1:epcis", href: publicBaseUrl(this.config, `/v1/batches/${encodeURIComponent(voucher.batch_code)}/epcis`), title: "EPCIS 2.0 events of the batch (an API key that may see the batch)", type: "application/ld+json" });
    }
    for (const url of await this.certificateUrls(voucher)) links.push({ linkType: "gs1:certificationInfo", href: url, title: "Compliance certificate (承诺达标合格证)", type: "text/html" });
    links.push({ linkType: "gs1:verificationService", href: publicBaseUrl(this.config, "/scanner/"), title: "Scanner: verify a voucher offline", type: "text/html" });

    // The issuer's own links: the lot's (asked for or the voucher's) first, then the GTIN's.
    const wantedLot = lot ?? (matched === "serial" ? voucher.lot : null) ?? null;
    const stored = await this.db
      .select()
      .from(gs1Links)
      .where(and(eq(gs1Links.orgId, voucher.org_id), eq(gs1Links.gtin, gtin), wantedLot === null ? sql`${gs1Links.lot} IS NULL` : sql`(${gs1Links.lot} IS NULL OR ${gs1Links.lot} = ${wantedLot})`))
      .orderBy(sql`${gs1Links.lot} IS NULL`, gs1Links.createdAt)
      .limit(500)
      .all();
    links.push(...stored.map(asLink));
    return { anchor, links, defaultLink: pip, matched, voucherCode: voucher.code, batchCode: voucher.batch_code };
  }

  /** Certificate pages of the voucher's batch: issued with it or attached on receipt, and the voucher's own certificateRef. */
  private async certificateUrls(voucher: VoucherHit): Promise<string[]> {
    if (!voucher.batch_code && !voucher.certificate_ref) return [];
    const rows = await this.db.all<{ url: string }>(sql`
      SELECT url FROM compliance_certificates WHERE batch_code = ${voucher.batch_code} OR code = ${voucher.certificate_ref}
      UNION
      SELECT cc.url FROM certificate_attachments ca JOIN compliance_certificates cc ON cc.code = ca.certificate_code WHERE ca.batch_code = ${voucher.batch_code}
      LIMIT 20`);
    return rows.map((r) => r.url);
  }

  /** The voucher behind `/v/{digits}` as a compact JWS; 404 for a voucher not registered here. */
  async jws(digits: string): Promise<string> {
    const [row] = await this.db.all<{ url: string }>(sql`SELECT url FROM vouchers WHERE digits = ${digits}`);
    if (!row) throw new ApiError("not-found", "no voucher with this code is registered here");
    return toJws(row.url);
  }
}
