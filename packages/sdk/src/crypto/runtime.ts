/**
 * The Node fast path: `node:crypto` verifies Ed25519 about twice as fast as WebCrypto on
 * Node 20. It is reached through `process.getBuiltinModule`, so the SDK has no `node:`
 * import and bundles unchanged for browsers and Workers, which use WebCrypto.
 */
export type CryptoBackend = "auto" | "node" | "webcrypto";

export interface NodeCryptoLike {
  createPublicKey(input: { key: object; format: "jwk" }): unknown;
  createPrivateKey(input: { key: object; format: "jwk" }): unknown;
  sign(algorithm: string | null, data: Uint8Array, key: unknown): Uint8Array;
  /** With a callback the signature is made on libuv's thread pool, off the event loop. */
  sign(algorithm: string | null, data: Uint8Array, key: unknown, callback: (error: Error | null, signature: Uint8Array) => void): void;
  verify(algorithm: string | null, data: Uint8Array, key: unknown, signature: Uint8Array): boolean;
}

let cached: NodeCryptoLike | null | undefined;

export function nodeCrypto(): NodeCryptoLike | undefined {
  if (cached !== undefined) return cached ?? undefined;
  const proc = (globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }).process;
  const isWorkers = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === "Cloudflare-Workers";
  const module = !isWorkers && proc?.versions?.node ? proc.getBuiltinModule?.("node:crypto") : undefined;
  cached = (module as NodeCryptoLike | undefined) ?? null;
  return cached ?? undefined;
}

export function useNode(backend: CryptoBackend): NodeCryptoLike | undefined {
  if (backend === "webcrypto") return undefined;
  const node = nodeCrypto();
  if (backend === "node" && !node) throw new Error("node:crypto is not available in this runtime");
  return node;
}
