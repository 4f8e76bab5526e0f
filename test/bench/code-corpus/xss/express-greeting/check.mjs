import { fakeExpress, fakeResponse, loadModule } from "../../../web-corpus-harness.mjs";

/** Names still greet; markup in the name arrives as text, not as an element. */
export async function check(modulePath) {
  const { express, routes } = fakeExpress();
  loadModule(modulePath, { fakes: { express } });
  const greet = (name) => {
    const { res, record } = fakeResponse();
    routes["GET /greet"]({ query: { name } }, res);
    return record.sent[0];
  };
  const normal = greet("Ada") === "<!doctype html><h1>Hello, Ada!</h1><p>Welcome to the shop.</p>" && greet(undefined).includes("Hello, stranger!");
  const page = greet('<img src=x onerror="alert(document.cookie)">');
  const attackBlocked = !page.includes("<img") && page.includes("&lt;img src=x onerror=&quot;alert(document.cookie)&quot;&gt;");
  return { normal, attackBlocked };
}
