// Express's request and response, as far as this handler uses them.
interface SearchRequest {
  query: Record<string, unknown>;
}
interface HtmlResponse {
  type(kind: string): HtmlResponse;
  send(body: string): void;
}

interface Product {
  id: number;
  title: string;
}

export function renderSearch(req: SearchRequest, res: HtmlResponse, results: Product[]): void {
  const q = String(req.query.q ?? "");
  res.type("html").send(`<form><input name="q" value="${q}"></form><p>${results.length} results for ${q}</p>`);
}
