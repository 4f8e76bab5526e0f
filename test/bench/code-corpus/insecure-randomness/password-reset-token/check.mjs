import { fakeExpress, fakeResponse, loadModule } from "../../../web-corpus-harness.mjs";

/** Tokens keep their shape; with Math.random's output known (stubbed), tokens still differ. */
export async function check(modulePath) {
  const { express, routes } = fakeExpress();
  loadModule(modulePath, { fakes: { express } });
  const issue = () => {
    const { res, record } = fakeResponse();
    routes["POST /password/forgot"]({ body: { email: "ada@example.com" } }, res);
    return JSON.parse(record.sent[0]).token;
  };
  const normal = /^[0-9a-z]{10}[0-9a-z]+$/.test(issue());
  const real = Math.random;
  const realNow = Date.now;
  Math.random = () => 0.42;
  Date.now = () => 1700000000000;
  let attackBlocked;
  try {
    attackBlocked = issue() !== issue();
  } finally {
    Math.random = real;
    Date.now = realNow;
  }
  return { normal, attackBlocked };
}
