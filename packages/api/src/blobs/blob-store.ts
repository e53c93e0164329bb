/**
 * Where uploaded files live. The API keeps metadata in the database and bytes here: a local
 * folder on Node (`LocalFolderBlobStore`, src/blobs/local-folder.ts), an R2 bucket on Workers
 * (`R2BlobStore`), memory in tests.
 */
export interface BlobStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | undefined>;
  delete(key: string): Promise<void>;
}

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, { bytes: Uint8Array; contentType: string }>();

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    this.blobs.set(key, { bytes: bytes.slice(), contentType });
  }

  async get(key: string) {
    return this.blobs.get(key);
  }

  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }
}

/** The part of a Workers R2 binding the store uses. */
export interface R2BucketLike {
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>;
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer>; httpMetadata?: { contentType?: string } } | null>;
  delete(key: string): Promise<void>;
}

export class R2BlobStore implements BlobStore {
  constructor(private readonly bucket: R2BucketLike) {}

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.bucket.put(key, bytes, { httpMetadata: { contentType } });
  }

  async get(key: string) {
    const object = await this.bucket.get(key);
    return object ? { bytes: new Uint8Array(await object.arrayBuffer()), contentType: object.httpMetadata?.contentType ?? "application/octet-stream" } : undefined;
  }

  async delete(key: string): Promise<void> {
    await this.bucket.delete(key);
  }
}

/** Accepted uploads: scans and photos of forms and certificates. */
export const UPLOAD_TYPES: Readonly<Record<string, string>> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
};
/** Largest upload (a phone photo of a form fits easily). */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

/** Whether the bytes start like the type they claim (so a renamed executable is not stored as a PDF). */
export function sniffMatches(bytes: Uint8Array, contentType: string): boolean {
  const starts = (...sig: number[]) => sig.every((byte, i) => bytes[i] === byte);
  switch (contentType) {
    case "application/pdf":
      return starts(0x25, 0x50, 0x44, 0x46, 0x2d);
    case "image/jpeg":
      return starts(0xff, 0xd8, 0xff);
    case "image/png":
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case "image/webp":
      return starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50;
    default:
      return false;
  }
}
