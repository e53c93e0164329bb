/**
 * The service worker: keeps the app shell (page, script, styles) so the scanner opens without
 * a network. The page first from the network (a new build shows at once when online), the
 * content-hashed assets from the cache. API requests (trust data, details) are not touched:
 * the page keeps the trust data itself.
 */
declare const __SCANNER_VERSION__: string;
declare const __SCANNER_ASSETS__: string[];

// Only the parts of the service worker types used here (the DOM lib has no worker scope).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface WorkerScope {
  location: Location;
  registration: { scope: string };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
const CACHE = `shian-scanner-${__SCANNER_VERSION__}`;
const shell = new URL("./", scope.registration.scope).href;
const assets = new Set(__SCANNER_ASSETS__.map((path) => new URL(path, scope.registration.scope).href));

scope.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([shell, ...assets]))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("shian-scanner-") && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  url.search = "";
  if (request.mode === "navigate" && url.href.startsWith(shell)) {
    event.respondWith(
      fetch(request).then(
        async (response) => {
          if (response.ok && url.href === shell) await (await caches.open(CACHE)).put(shell, response.clone());
          return response;
        },
        async () => (await caches.match(shell)) ?? Response.error(),
      ),
    );
  } else if (assets.has(url.href)) {
    event.respondWith(caches.match(url.href).then((hit) => hit ?? fetch(request)));
  }
});
