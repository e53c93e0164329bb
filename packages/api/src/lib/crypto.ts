const encoder = new TextEncoder();
const toHex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromB64 = (text: string) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

export function randomToken(bytes: number): string {
  return toB64(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Constant-time comparison of two equal-length strings. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** AES-256-GCM with the key-encryption key (KEK) from the environment, for private keys at rest. */
export class SecretBox {
  private constructor(
    private readonly key: CryptoKey,
    /** HMAC-SHA-256 key derived from the KEK (HKDF, its own info string): never the KEK itself. */
    private readonly macKey: CryptoKey,
  ) {}

  static async fromBase64url(kek: string): Promise<SecretBox> {
    const raw = fromB64(kek);
    if (raw.length !== 32) throw new Error("SHIAN_KEK must be 32 bytes, base64url encoded");
    const base = await crypto.subtle.importKey("raw", raw, "HKDF", false, ["deriveKey"]);
    const macKey = await crypto.subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: encoder.encode("shian mac v1") },
      base,
      { name: "HMAC", hash: "SHA-256", length: 256 },
      false,
      ["sign"],
    );
    return new SecretBox(await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]), macKey);
  }

  /** HMAC-SHA-256 of `text` under `context` (base64url), e.g. to sign tokens the API hands out. */
  async mac(text: string, context: string): Promise<string> {
    return toB64(new Uint8Array(await crypto.subtle.sign("HMAC", this.macKey, encoder.encode(`${context}\u0000${text}`))));
  }

  static generateKey(): string {
    return randomToken(32);
  }

  async seal(plaintext: string, context: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(context) }, this.key, encoder.encode(plaintext));
    return `v1.${toB64(iv)}.${toB64(new Uint8Array(sealed))}`;
  }

  async open(box: string, context: string): Promise<string> {
    const [version, iv, data] = box.split(".");
    if (version !== "v1" || !iv || !data) throw new Error("not a sealed secret");
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromB64(iv), additionalData: encoder.encode(context) }, this.key, fromB64(data));
    return new TextDecoder().decode(plain);
  }
}
