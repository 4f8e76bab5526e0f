/**
 * Where in an HTML document a value spliced after `prefix` lands. Only "text" and
 * "quoted-attribute" are places where HTML-encoding makes the value inert; in a script, a style,
 * a URL or event-handler attribute, an unquoted attribute or a tag's name list it does not.
 * `prefix` is the fixed text written before the value (other values stand in as "x").
 */
export type HtmlContext = "text" | "quoted-attribute" | "script" | "style" | "comment" | "url-or-code-attribute" | "unquoted-attribute" | "tag";

/** Attributes whose value is a URL, script or style: encoded text there can still do harm. */
const URL_OR_CODE_ATTRIBUTE = /^(?:on.*|href|src|srcset|action|formaction|data|xlink:href|style|poster|background|ping|codebase|cite|manifest)$/;

export function htmlContextAt(prefix: string): HtmlContext {
  const lower = prefix.toLowerCase();
  if (lower.lastIndexOf("<script") > lower.lastIndexOf("</script")) return "script";
  if (lower.lastIndexOf("<style") > lower.lastIndexOf("</style")) return "style";
  if (lower.lastIndexOf("<!--") > lower.lastIndexOf("-->")) return "comment";
  const open = lower.lastIndexOf("<");
  if (open === -1 || open < lower.lastIndexOf(">")) return "text";
  const tail = lower.slice(open);
  const quoted = /([^\s"'<>/=]+)\s*=\s*"[^"]*$/.exec(tail) ?? /([^\s"'<>/=]+)\s*=\s*'[^']*$/.exec(tail);
  if (quoted) return URL_OR_CODE_ATTRIBUTE.test(quoted[1]!) ? "url-or-code-attribute" : "quoted-attribute";
  if (/=\s*[^\s"'>]*$/.test(tail)) return "unquoted-attribute";
  return "tag";
}
