import { createRoute, z } from "@hono/zod-openapi";
import { escapeHtml, pageHead, type PageLocale, pickLocale } from "../../pages/html";
import { type Tally, TallyQuery } from "../../services/votes";
import type { App } from "../app-types";
import { pick } from "../common";

const WORDS = {
  "zh-CN": { title: "你点我查 · 投票结果", period: "统计月份", item: "对象", kind: "类别", votes: "票数", status: "状态", business: "商户", "product-type": "产品类别", open: "投票中", adopted: "已采纳", empty: "本月还没有提名。", how: "每台设备每月对每个对象可投一票。" },
  en: { title: "You pick, we inspect · Votes", period: "Month", item: "Item", kind: "Kind", votes: "Votes", status: "Status", business: "Business", "product-type": "Product type", open: "Open", adopted: "Adopted", empty: "Nothing proposed this month yet.", how: "One vote per device, item and month." },
} as const;

export function renderTallyPage(locale: PageLocale, tally: Tally): string {
  const w = WORDS[locale];
  const word = (key: string) => (w as Record<string, string>)[key] ?? key;
  const rows = tally.items
    .map((item) => `<tr><td>${escapeHtml(item.name)}${item.region ? ` <small>${escapeHtml(item.region)}</small>` : ""}</td><td>${escapeHtml(word(item.kind))}</td><td class="n">${item.votes}</td><td>${escapeHtml(word(item.status))}</td></tr>`)
    .join("\n");
  return `${pageHead({ locale, title: w.title })}
<style>body{font-family:system-ui,sans-serif;margin:1rem;max-width:40rem}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}.n{text-align:right}</style>
</head>
<body>
<h1>${escapeHtml(w.title)}</h1>
<p>${escapeHtml(w.period)}: ${escapeHtml(tally.period)} · ${escapeHtml(w.how)}</p>
${tally.items.length ? `<table><thead><tr><th>${w.item}</th><th>${w.kind}</th><th class="n">${w.votes}</th><th>${w.status}</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : `<p>${escapeHtml(w.empty)}</p>`}
</body>
</html>`;
}

export const voteTallyPageRoute = createRoute({
  method: "get",
  path: "/votes/page",
  tags: ["votes"],
  summary: "The tally as a page (no scripts), zh-CN or en by ?lang= or Accept-Language",
  request: { query: TallyQuery.extend({ lang: z.string().optional() }) },
  responses: { 200: { description: "The page", content: { "text/html": { schema: z.string() } } }, ...pick(400, 429) },
});

export function registerVoteTallyPage(app: App) {
  app.openapi(voteTallyPageRoute, async (c) => {
    const { lang, ...query } = c.req.valid("query");
    const locale = pickLocale(lang, c.req.header("accept-language"));
    return c.html(renderTallyPage(locale, await c.var.services.votes.tally(query)), 200);
  });
}
