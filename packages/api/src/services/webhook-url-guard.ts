/**
 * Where webhooks may not go (server-side request forgery guard): hosts that are IP literals in
 * loopback, private, link-local, CGNAT, unique-local, multicast, unspecified or reserved ranges
 * (IPv4-mapped, NAT64 and 6to4 IPv6 forms judged by the IPv4 address they carry), and names of
 * the local machine or of internal networks. The URL is taken after WHATWG parsing (`new URL`),
 * which already turns `2130706433`, `0x7f.1` or `0177.0.0.1` into `127.0.0.1` and writes IPv6
 * in its compressed hex form, so one spelling per address is checked.
 *
 * Hostnames are judged by name only: a public name whose DNS points at a private address is not
 * caught here (Workers cannot resolve names before fetching).
 */

export type WebhookUrlRule = "loopback" | "private" | "link-local" | "cgnat" | "unique-local" | "multicast" | "unspecified" | "reserved" | "internal-name" | "single-label-host";

export interface WebhookUrlRefusal {
  rule: WebhookUrlRule;
  /** What matched, e.g. `10.0.0.0/8`, `*.internal`. */
  range: string;
}

type Range = readonly [base: number, bits: number, rule: WebhookUrlRule, label: string];

const v4 = (text: string): number => text.split(".").reduce((value, part) => value * 256 + Number(part), 0);

const IPV4_RANGES: readonly Range[] = (
  [
    ["0.0.0.0", 8, "unspecified"],
    ["127.0.0.0", 8, "loopback"],
    ["10.0.0.0", 8, "private"],
    ["172.16.0.0", 12, "private"],
    ["192.168.0.0", 16, "private"],
    ["100.64.0.0", 10, "cgnat"],
    ["169.254.0.0", 16, "link-local"],
    ["192.0.0.0", 24, "reserved"],
    ["192.0.2.0", 24, "reserved"],
    ["198.18.0.0", 15, "reserved"],
    ["198.51.100.0", 24, "reserved"],
    ["203.0.113.0", 24, "reserved"],
    ["224.0.0.0", 4, "multicast"],
    ["240.0.0.0", 4, "reserved"],
  ] as const
).map(([base, bits, rule]) => [v4(base), bits, rule, `${base}/${bits}`] as const);

function checkIpv4(address: number): WebhookUrlRefusal | undefined {
  for (const [base, bits, rule, label] of IPV4_RANGES) {
    const size = 2 ** (32 - bits);
    if (Math.floor(address / size) === Math.floor(base / size)) return { rule, range: label };
  }
  return undefined;
}

/** The eight 16-bit groups of a WHATWG-serialised IPv6 address (hex groups, at most one `::`). */
function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((group) => (/^[0-9a-f]{1,4}$/.test(group) ? Number.parseInt(group, 16) : Number.NaN)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const groups = halves.length === 2 ? [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head;
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0) ? groups : undefined;
}

function checkIpv6(groups: number[]): WebhookUrlRefusal | undefined {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const embedded = (high: number, low: number) => high * 65536 + low;
  const zeroTo = (n: number) => groups.slice(0, n).every((group) => group === 0);
  if (zeroTo(8)) return { rule: "unspecified", range: "::/128" };
  if (zeroTo(7) && g7 === 1) return { rule: "loopback", range: "::1/128" };
  if (zeroTo(5) && g5 === 0xffff) return checkIpv4(embedded(g6, g7)); // ::ffff:a.b.c.d
  if (zeroTo(6)) return { rule: "reserved", range: "::/96 (IPv4-compatible)" };
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return checkIpv4(embedded(g6, g7)); // NAT64
  if (g0 === 0x64 && g1 === 0xff9b) return { rule: "reserved", range: "64:ff9b::/32" };
  if (g0 === 0x2002) return checkIpv4(embedded(g1, g2)); // 6to4
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return { rule: "reserved", range: "100::/64" };
  if (g0 === 0x2001 && g1 === 0xdb8) return { rule: "reserved", range: "2001:db8::/32" };
  if ((g0 & 0xfe00) === 0xfc00) return { rule: "unique-local", range: "fc00::/7" };
  if ((g0 & 0xffc0) === 0xfe80) return { rule: "link-local", range: "fe80::/10" };
  if ((g0 & 0xffc0) === 0xfec0) return { rule: "private", range: "fec0::/10 (site-local)" };
  if ((g0 & 0xff00) === 0xff00) return { rule: "multicast", range: "ff00::/8" };
  return undefined;
}

const INTERNAL_SUFFIXES = ["internal", "local", "localdomain", "home.arpa", "intranet", "lan", "corp", "private"];

function checkName(name: string): WebhookUrlRefusal | undefined {
  if (name === "localhost" || name.endsWith(".localhost")) return { rule: "loopback", range: name === "localhost" ? "localhost" : "*.localhost" };
  for (const suffix of INTERNAL_SUFFIXES) if (name === suffix || name.endsWith(`.${suffix}`)) return { rule: "internal-name", range: `*.${suffix}` };
  if (!name.includes(".")) return { rule: "single-label-host", range: "a name without a dot" };
  return undefined;
}

/**
 * Why a webhook may not be sent to this URL, or undefined when it may. With `allowLoopback`
 * (local development and tests only), loopback addresses and `localhost` pass.
 */
export function webhookUrlRefusal(url: URL, options: { allowLoopback: boolean }): WebhookUrlRefusal | undefined {
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");
  let refusal: WebhookUrlRefusal | undefined;
  if (host.startsWith("[") && host.endsWith("]")) {
    const groups = ipv6Groups(host.slice(1, -1));
    refusal = groups ? checkIpv6(groups) : { rule: "reserved", range: "an unreadable IPv6 address" };
  } else if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) {
    refusal = checkIpv4(v4(host));
  } else {
    refusal = checkName(host);
  }
  if (refusal?.rule === "loopback" && options.allowLoopback) return undefined;
  return refusal;
}

/** The message of a refusal, naming its rule. */
export const webhookRefusalMessage = (refusal: WebhookUrlRefusal) =>
  `webhook URLs may not point at ${refusal.rule} hosts (${refusal.range}); use a public https host (rule ${refusal.rule})`;
