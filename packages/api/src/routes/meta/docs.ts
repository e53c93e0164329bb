import type { App } from "../app-types";
import { escapeHtml as e } from "../../pages/html";

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, { summary?: string; description?: string; tags?: string[]; security?: unknown[]; responses?: Record<string, { description?: string }> }>>;
}

/** A self-contained docs page rendered from the OpenAPI document (no CDN, works offline). */
export function renderDocs(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(operations.map(({ op }) => op.tags?.[0] ?? "other"))];
  const sections = tags
    .map((tag) => {
      const rows = operations
        .filter(({ op }) => (op.tags?.[0] ?? "other") === tag)
        .map(({ path, method, op }) => {
          const codes = Object.entries(op.responses ?? {}).map(([code, response]) => `<li><code>${e(code)}</code> ${e(response.description ?? "")}</li>`).join("");
          return `<details><summary><code class="m ${e(method)}">${e(method.toUpperCase())}</code> <code>${e(path)}</code> ${op.security?.length ? "🔑" : ""} — ${e(op.summary ?? "")}</summary>${op.description ? `<p>${e(op.description)}</p>` : ""}<ul>${codes}</ul></details>`;
        })
        .join("");
      return `<h2>${e(tag)}</h2>${rows}`;
    })
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(doc.info.title)} — API docs</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:0 auto;padding:16px;color:#1f2328}details{border:1px solid #d0d7de;border-radius:8px;margin:6px 0;padding:8px 12px}summary{cursor:pointer}.m{display:inline-block;min-width:4.5em;font-weight:bold}.get{color:#0969da}.post{color:#1a7f37}code{font-size:14px}</style></head>
<body><h1>${e(doc.info.title)} <small>${e(doc.info.version)}</small></h1><p>${e(doc.info.description ?? "")}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). 🔑 = needs <code>Authorization: Bearer sk_…</code>.</p>${sections}</body></html>`;
}

export function registerDocs(app: App, documentConfig: Parameters<App["getOpenAPI31Document"]>[0]) {
  app.doc31("/openapi.json", documentConfig);
  app.get("/docs", (c) => c.html(renderDocs(app.getOpenAPI31Document(documentConfig) as unknown as OpenApiDocument)));
}
