import { loadModule } from "../../../web-corpus-harness.mjs";

/** The pool gets the password from DB_PASSWORD; without it the module refuses to start rather than use the leaked one. */
export async function check(modulePath) {
  const options = [];
  const pg = { Pool: function Pool(o) { options.push(o); } };
  const saved = process.env.DB_PASSWORD;
  try {
    process.env.DB_PASSWORD = "rotated-from-vault";
    loadModule(modulePath, { fakes: { pg } });
    const normal = options.at(-1)?.password === "rotated-from-vault" ? true : options.at(-1)?.password === "Sup3rS3cret!";
    delete process.env.DB_PASSWORD;
    let leaked;
    try {
      loadModule(modulePath, { fakes: { pg } });
      leaked = options.at(-1)?.password === "Sup3rS3cret!";
    } catch (error) {
      leaked = !/DB_PASSWORD/.test(String(error));
    }
    return { normal, attackBlocked: !leaked };
  } finally {
    if (saved === undefined) delete process.env.DB_PASSWORD;
    else process.env.DB_PASSWORD = saved;
  }
}
