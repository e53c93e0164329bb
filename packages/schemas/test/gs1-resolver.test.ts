import { describe, expect, it } from "vitest";
import {
  acceptedLanguages,
  buildLinkset,
  compactLinkType,
  decideResolverResponse,
  Gs1Link,
  linksetLinkHeader,
  linkTypeUri,
  resolverDescription,
} from "../src/index";

const pipZh: Gs1Link = { linkType: "gs1:pip", href: "https://shian.example/v/1", title: "产品信息", language: "zh-CN", type: "text/html" };
const pipEn: Gs1Link = { linkType: "gs1:pip", href: "https://shian.example/v/1?lang=en", title: "Product information", language: "en", type: "text/html" };
const recall: Gs1Link = { linkType: "gs1:recallStatus", href: "https://shian.example/v/1", title: "Recall status", type: "application/json" };
const cert1: Gs1Link = { linkType: "gs1:certificationInfo", href: "https://shian.example/c/1", title: "合格证" };
const cert2: Gs1Link = { linkType: "gs1:certificationInfo", href: "https://shian.example/c/2", title: "检测报告" };
const links = [pipZh, pipEn, recall, cert1, cert2];

describe("resolver decisions (GS1-Conformant Resolver 1.2)", () => {
  it("answers linkType=all, linkType=linkset and Accept: application/linkset+json with the linkset", () => {
    expect(decideResolverResponse({ links, linkType: "all" })).toEqual({ kind: "linkset" });
    expect(decideResolverResponse({ links, linkType: "linkset" })).toEqual({ kind: "linkset" });
    expect(decideResolverResponse({ links, accept: "application/linkset+json" })).toEqual({ kind: "linkset" });
  });

  it("redirects to the default link when no link type is asked for", () => {
    expect(decideResolverResponse({ links, defaultLink: pipZh })).toEqual({ kind: "redirect", link: pipZh });
    expect(decideResolverResponse({ links, defaultLink: pipZh, linkType: "gs1:defaultLink" })).toEqual({ kind: "redirect", link: pipZh });
    expect(decideResolverResponse({ links: [recall] })).toEqual({ kind: "redirect", link: recall });
  });

  it("picks a named link type by Accept-Language, and accepts the full vocabulary URI", () => {
    expect(decideResolverResponse({ links, linkType: "gs1:pip", acceptLanguage: "en-GB,en;q=0.8" })).toEqual({ kind: "redirect", link: pipEn });
    expect(decideResolverResponse({ links, linkType: "https://gs1.org/voc/pip", acceptLanguage: "zh" })).toEqual({ kind: "redirect", link: pipZh });
    expect(decideResolverResponse({ links, linkType: "gs1:recallStatus", acceptLanguage: "fr" })).toEqual({ kind: "redirect", link: recall });
  });

  it("answers 300 (multiple) on a tie and 404 for a link type the item lacks", () => {
    expect(decideResolverResponse({ links, linkType: "gs1:certificationInfo" })).toEqual({ kind: "multiple", links: [cert1, cert2] });
    expect(decideResolverResponse({ links, linkType: "gs1:pip", acceptLanguage: "fr" })).toEqual({ kind: "multiple", links: [pipZh, pipEn] });
    expect(decideResolverResponse({ links, linkType: "gs1:epcis" })).toEqual({ kind: "not-found", linkType: "gs1:epcis" });
    expect(decideResolverResponse({ links: [] })).toEqual({ kind: "not-found", linkType: "gs1:defaultLink" });
  });

  it("builds an RFC 9264 linkset with GS1 vocabulary URIs as relation types", () => {
    const anchor = "https://id.gs1.org/01/09506000134352/10/ABC1";
    expect(buildLinkset(anchor, [pipZh, recall], pipZh)).toEqual({
      linkset: [
        {
          anchor,
          "https://gs1.org/voc/defaultLink": [{ href: pipZh.href, title: pipZh.title, type: "text/html", hreflang: ["zh-CN"] }],
          "https://gs1.org/voc/pip": [{ href: pipZh.href, title: pipZh.title, type: "text/html", hreflang: ["zh-CN"] }],
          "https://gs1.org/voc/recallStatus": [{ href: recall.href, title: recall.title, type: "application/json" }],
        },
      ],
    });
    expect(linksetLinkHeader("https://r.example/01/1?linkType=linkset")).toBe('<https://r.example/01/1?linkType=linkset>; rel="linkset"; type="application/linkset+json"');
  });

  it("validates links and maps link-type names", () => {
    expect(Gs1Link.safeParse(pipZh).success).toBe(true);
    expect(Gs1Link.safeParse({ ...pipZh, linkType: "gs1:nonsense" }).success).toBe(false);
    expect(Gs1Link.safeParse({ ...pipZh, href: "javascript:alert(1)" }).success).toBe(false);
    expect(Gs1Link.safeParse({ ...pipZh, language: "not a tag" }).success).toBe(false);
    expect(linkTypeUri("gs1:jws")).toBe("https://gs1.org/voc/jws");
    expect(compactLinkType("https://gs1.org/voc/jws")).toBe("gs1:jws");
    expect(acceptedLanguages("fr;q=0.5, en-US, *;q=0.1, de;q=0")).toEqual(["en-us", "fr"]);
  });

  it("describes the resolver", () => {
    const description = resolverDescription({ name: "Shian", resolverRoot: "https://shian.example", supportedPrimaryKeys: ["01"] });
    expect(description).toMatchObject({ name: "Shian", resolverRoot: "https://shian.example", supportedPrimaryKeys: ["01"], linkTypeDefaultCanBeLinkset: false });
    expect(description.supportedLinkType).toContainEqual({ namespace: "https://gs1.org/voc/", prefix: "gs1:", profile: "https://gs1.org/voc/jws" });
  });
});
