/** Removes HTML comments from user-supplied rich text before it is stored. */
export function stripComments(html: string): string {
  return html.replace(/<!--/g, "").replace(/-->/g, "");
}
