import { fakeExpress, fakeResponse, loadModule } from "../../../web-corpus-harness.mjs";

/** The cookie is still set for 30 days; it now never travels over plain HTTP nor reaches page scripts. */
export async function check(modulePath) {
  const { express, routes } = fakeExpress();
  loadModule(modulePath, { fakes: { express } });
  const { res, record } = fakeResponse();
  routes["POST /login"]({ body: { user: "ada" }, app: { locals: { sessions: { issue: () => "tok" } } } }, res);
  const cookie = record.cookies[0];
  const normal = cookie?.value === "tok" && cookie.options.maxAge === 2592000000 && record.redirects[0] === "/";
  const attackBlocked = cookie?.options.secure === true && cookie.options.httpOnly === true;
  return { normal, attackBlocked };
}
