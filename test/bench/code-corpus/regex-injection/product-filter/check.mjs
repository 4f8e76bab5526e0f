import { callWithTimeout, fakeExpress, fakeResponse, loadModule } from "../../../web-corpus-harness.mjs";

const catalog = [{ name: "C++ Primer" }, { name: "Clean Code" }, { name: "Refactoring" }];

/** Plain searches match as before; metacharacters match literally instead of widening the search. */
export async function check(modulePath) {
  const { express, routes } = fakeExpress();
  loadModule(modulePath, { fakes: { express, "./catalog.json": catalog } });
  const search = (name) => {
    const { res, record } = fakeResponse();
    try {
      routes["GET /api/products"]({ query: { name } }, res);
    } catch {
      return null;
    }
    return JSON.parse(record.sent[0]).map((p) => p.name);
  };
  const normal = JSON.stringify(search("clean")) === JSON.stringify(["Clean Code"]) && search("zzz").length === 0;
  const wildcard = search(".*");
  const attackBlocked = Array.isArray(wildcard) && wildcard.length === 0 && JSON.stringify(search("C++")) === JSON.stringify(["C++ Primer"]);
  return { normal, attackBlocked };
}
