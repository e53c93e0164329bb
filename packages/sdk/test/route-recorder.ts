import { OPERATIONS } from "../src/index";

const keyOf = (op: { method: string; path: string }) => `${op.method} ${op.path}`;
const templates = Object.values(OPERATIONS).map((op) => ({ key: keyOf(op), re: new RegExp(`^${op.method} ${op.path.replace(/\{\w+\}/g, "[^/]+")}$`) }));

/**
 * Wraps an app's fetch: records which client operation (`METHOD /path/{param}`) each request
 * was, and the paths of requests that carried an Authorization header.
 */
export function recordRoutes(appFetch: (request: Request) => Response | Promise<Response>) {
  const seen = new Set<string>();
  const authorised: string[] = [];
  const fetch = async (request: Request) => {
    const path = new URL(request.url).pathname;
    const match = templates.find((t) => t.re.test(`${request.method} ${path}`));
    if (match) seen.add(match.key);
    if (request.headers.has("authorization")) authorised.push(path);
    return appFetch(request);
  };
  return { fetch, seen, authorised };
}

/** The distinct `METHOD /path` keys of the operations whose names `pick` selects, sorted. */
export function operationKeys(pick: (name: string) => boolean): string[] {
  return [...new Set(Object.entries(OPERATIONS).filter(([name]) => pick(name)).map(([, op]) => keyOf(op)))].sort();
}

/** The recorded keys that are among `keys`, sorted: equal to `keys` when the group was fully called. */
export function seenAmong(seen: Set<string>, keys: string[]): string[] {
  return [...seen].filter((key) => keys.includes(key)).sort();
}
