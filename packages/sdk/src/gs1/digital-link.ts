/**
 * GS1 Digital Link for SDK users: the rules live in @shian/schemas (AI table as data); here
 * every failure becomes a ShianError("invalid-digital-link") whose details name the AI and
 * the rule broken ({ ai, rule }).
 */
import {
  buildDigitalLink as build,
  canonicalDigitalLink as canonical,
  digitalLinkToElementString as toElements,
  DigitalLinkError,
  elementStringToDigitalLink as fromElements,
  parseDigitalLink as parse,
  parseDigitalLinkPath as parsePath,
  parseElementString as parseElements,
  toElementString as elementString,
  type BuildDigitalLinkOptions,
  type DigitalLink,
  type DigitalLinkInput,
  type ElementStringOptions,
  type GS1Element,
} from "@shian/schemas";
import { ShianError } from "../errors";

export type { AiDefinition, BuildDigitalLinkOptions, DigitalLink, DigitalLinkInput, DigitalLinkRule, ElementStringOptions, GS1Element } from "@shian/schemas";
export { CANONICAL_DIGITAL_LINK_STEM, GS, getAiDefinition, percentEncodeAiValue } from "@shian/schemas";

function guard<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (error) {
      if (error instanceof DigitalLinkError) {
        throw new ShianError("invalid-digital-link", error.message, error.ai === undefined ? { rule: error.rule } : { ai: error.ai, rule: error.rule }, { cause: error });
      }
      throw new ShianError("invalid-input", "not a Digital Link input", undefined, { cause: error });
    }
  };
}

/** Parses and validates an uncompressed GS1 Digital Link URI. */
export const parseDigitalLink: (uri: string) => DigitalLink = guard(parse);
/** Parses a resolver request's path and query (`/01/…/10/…`, `?linkType=…`). */
export const parseDigitalLinkPath: (pathname: string, search?: string, stem?: string) => DigitalLink = guard(parsePath);
/** Builds a Digital Link URI (qualifiers in the standard's order, attributes in AI order). */
export const buildDigitalLink: (input: DigitalLinkInput | GS1Element[], options?: BuildDigitalLinkOptions) => string = guard(build);
/** The canonical form: https://id.gs1.org, numeric AIs, GTIN-14, no non-GS1 parameters. */
export const canonicalDigitalLink: (link: string | DigitalLink) => string = guard(canonical);
/** GS1 element string (FNC1/GS or bracketed form) for a set of elements or a parsed link. */
export const toElementString: (elements: GS1Element[] | DigitalLink, options?: ElementStringOptions) => string = guard(elementString);
/** Parses an element string (bracketed, or GS-separated with an optional symbology identifier). */
export const parseElementString: (text: string, options?: { separator?: string }) => GS1Element[] = guard(parseElements);
/** Element string → Digital Link URI. */
export const elementStringToDigitalLink: (text: string, options?: BuildDigitalLinkOptions & { separator?: string }) => string = guard(fromElements);
/** Digital Link URI → element string. */
export const digitalLinkToElementString: (uri: string, options?: ElementStringOptions) => string = guard(toElements);
