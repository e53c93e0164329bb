import { IsoDate } from "@shian/schemas";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { type BlobStore, MAX_UPLOAD_BYTES, sniffMatches, UPLOAD_TYPES } from "../blobs/blob-store";
import type { Database } from "../db/database";
import { documents, merchantProfiles, selfInspections } from "../db/schema/index";
import { ApiError } from "../errors/api-error";
import { newId } from "../lib/ids";
import { chinaDate } from "../lib/china-time";
import type { OrganisationService } from "./organisations";
import { mayActFor, type Principal, requireScope } from "./principal";
import { SELF_INSPECTION_TEMPLATES, templateFor } from "./self-inspection-templates";

export const DOCUMENT_KINDS = ["self-inspection", "purchase-inspection", "health-certificate", "licence", "other"] as const;
export const DocumentKind = z.enum(DOCUMENT_KINDS);

export const UploadQuery = z.object({ kind: DocumentKind, title: z.string().trim().min(1).max(200) });

export const RecordSelfInspection = z
  .object({
    /** Defaults to the template of the business type in the profile. */
    templateId: z.string().max(64).optional(),
    inspectedOn: IsoDate.optional(),
    items: z.array(z.object({ code: z.string().max(32), passed: z.boolean(), note: z.string().max(500).optional() }).strict()).min(1).max(200),
    /** The signed paper form, uploaded first as a self-inspection document. */
    documentId: z.string().max(64).optional(),
  })
  .strict();

export type DocumentRow = typeof documents.$inferSelect;
export interface DocumentView {
  id: string;
  orgId: string;
  kind: string;
  title: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}
export const documentView = ({ blobKey: _key, ...row }: DocumentRow): DocumentView => row;

export type SelfInspectionRow = typeof selfInspections.$inferSelect;

/** Uploaded files (behind the blob store) and self-inspections of a business. */
export class DocumentService {
  constructor(
    private readonly db: Database,
    private readonly blobs: BlobStore,
    private readonly orgs: OrganisationService,
    private readonly now: () => Date,
  ) {}

  /** Stores an upload: PDF, JPEG, PNG or WebP up to 8 MB whose bytes match the type. */
  async upload(principal: Principal, query: unknown, contentType: string, bytes: Uint8Array): Promise<DocumentView> {
    requireScope(principal, "records:write");
    const { kind, title } = UploadQuery.parse(query);
    const type = contentType.split(";")[0]!.trim().toLowerCase();
    const extension = UPLOAD_TYPES[type];
    if (!extension) throw new ApiError("unsupported-media-type", `upload one of ${Object.keys(UPLOAD_TYPES).join(", ")}`);
    if (bytes.length === 0) throw new ApiError("invalid-request", "the upload is empty");
    if (bytes.length > MAX_UPLOAD_BYTES) throw new ApiError("payload-too-large", `uploads are limited to ${MAX_UPLOAD_BYTES} bytes`);
    if (!sniffMatches(bytes, type)) throw new ApiError("unsupported-media-type", `the bytes are not ${type}`);
    const id = newId("doc");
    const row: DocumentRow = {
      id,
      orgId: principal.orgId,
      kind,
      title,
      blobKey: `${principal.orgId}/${id}.${extension}`,
      contentType: type,
      size: bytes.length,
      sha256: [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource))].map((b) => b.toString(16).padStart(2, "0")).join(""),
      uploadedAt: this.now().toISOString(),
    };
    await this.blobs.put(row.blobKey, bytes, type);
    try {
      await this.db.insert(documents).values(row);
    } catch (error) {
      await this.blobs.delete(row.blobKey).catch(() => undefined);
      throw error;
    }
    return documentView(row);
  }

  async find(id: string): Promise<DocumentRow | undefined> {
    return this.db.select().from(documents).where(eq(documents.id, id)).get();
  }

  /** A document the caller may read (the business, its market, regulators). */
  async get(principal: Principal, id: string): Promise<DocumentRow> {
    const row = await this.find(id);
    if (!row) throw new ApiError("not-found", `no document ${id}`);
    if (!mayActFor(principal, await this.orgs.get(row.orgId))) throw new ApiError("forbidden", "this document belongs to another organisation");
    return row;
  }

  async content(principal: Principal, id: string): Promise<{ row: DocumentRow; bytes: Uint8Array }> {
    const row = await this.get(principal, id);
    const blob = await this.blobs.get(row.blobKey);
    if (!blob) throw new ApiError("not-found", `the file of document ${id} is missing`);
    return { row, bytes: blob.bytes };
  }

  async list(principal: Principal, orgId: string, kind?: string): Promise<DocumentView[]> {
    if (!mayActFor(principal, await this.orgs.get(orgId))) throw new ApiError("forbidden", "these documents belong to another organisation");
    const where = kind ? and(eq(documents.orgId, orgId), eq(documents.kind, DocumentKind.parse(kind))) : eq(documents.orgId, orgId);
    return (await this.db.select().from(documents).where(where).orderBy(desc(documents.uploadedAt)).limit(1000).all()).map(documentView);
  }

  /** The caller's own document of a kind (for references from certificates and self-inspections). */
  async requireOwn(principal: Principal, id: string, kind: string): Promise<DocumentRow> {
    const row = await this.find(id);
    if (!row || row.orgId !== principal.orgId) throw new ApiError("invalid-request", `document ${id} is not one of your uploads`);
    if (row.kind !== kind) throw new ApiError("invalid-request", `document ${id} is a ${row.kind} document, not ${kind}`);
    return row;
  }

  templates() {
    return SELF_INSPECTION_TEMPLATES;
  }

  /** Records a self-inspection against the business type's template; every template item answered. */
  async recordSelfInspection(principal: Principal, input: unknown): Promise<SelfInspectionRow> {
    requireScope(principal, "records:write");
    const body = RecordSelfInspection.parse(input);
    const profile = await this.db.select({ businessType: merchantProfiles.businessType }).from(merchantProfiles).where(eq(merchantProfiles.orgId, principal.orgId)).get();
    const template = body.templateId ? SELF_INSPECTION_TEMPLATES.find((t) => t.id === body.templateId) : templateFor(profile?.businessType ?? principal.role);
    if (!template) throw new ApiError("invalid-request", body.templateId ? `no template ${body.templateId}` : "no self-inspection template for this business type");
    const answered = new Map(body.items.map((item) => [item.code, item]));
    const missing = template.items.filter((item) => !answered.has(item.code)).map((item) => item.code);
    const unknown = body.items.filter((item) => !template.items.some((t) => t.code === item.code)).map((item) => item.code);
    if (missing.length || unknown.length) throw new ApiError("invalid-request", `answer every item of ${template.id}${missing.length ? `; missing ${missing.join(", ")}` : ""}${unknown.length ? `; unknown ${unknown.join(", ")}` : ""}`);
    if (body.documentId) await this.requireOwn(principal, body.documentId, "self-inspection");
    const today = chinaDate(this.now());
    const inspectedOn = body.inspectedOn ?? today;
    if (inspectedOn > today) throw new ApiError("invalid-request", "inspectedOn is in the future");
    const row: SelfInspectionRow = {
      id: newId("self"),
      orgId: principal.orgId,
      templateId: template.id,
      inspectedOn,
      items: template.items.map((item) => answered.get(item.code)!),
      passed: body.items.every((item) => item.passed),
      documentId: body.documentId ?? null,
      createdAt: this.now().toISOString(),
    };
    await this.db.insert(selfInspections).values(row);
    return row;
  }

  async listSelfInspections(principal: Principal, orgId: string): Promise<SelfInspectionRow[]> {
    if (!mayActFor(principal, await this.orgs.get(orgId))) throw new ApiError("forbidden", "these records belong to another organisation");
    return this.db.select().from(selfInspections).where(eq(selfInspections.orgId, orgId)).orderBy(desc(selfInspections.inspectedOn)).limit(1000).all();
  }
}
