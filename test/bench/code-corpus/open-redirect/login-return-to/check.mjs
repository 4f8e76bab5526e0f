import { fakeExpress, fakeResponse, loadModule } from "../../../web-corpus-harness.mjs";

/** Paths on the site still work; other hosts, protocol-relative and backslash tricks land on "/". */
export async function check(modulePath) {
  const { express, routes } = fakeExpress();
  loadModule(modulePath, { fakes: { express } });
  const login = (returnTo) => {
    const { res, record } = fakeResponse();
    routes["POST /login"]({ body: { user: "ada" }, query: { returnTo }, session: {} }, res);
    return record.redirects[0];
  };
  const normal = login("/orders?page=2") === "/orders?page=2" && login(undefined) === "/account";
  const attacks = ["https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example"];
  const attackBlocked = attacks.every((target) => login(target) === "/");
  return { normal, attackBlocked };
}
