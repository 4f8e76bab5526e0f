import { fakePg, loadModule, seededDatabase } from "../harness.mjs";

/** Searching still finds published posts; a UNION in the term no longer reads users' passwords. */
export async function check(modulePath) {
  const driver = fakePg(seededDatabase());
  const { searchPublished } = loadModule(modulePath, { fakes: { pg: driver.module } });
  const hits = await searchPublished("Hello");
  const normal = JSON.stringify(hits) === JSON.stringify([{ id: 1, title: "Hello world" }, { id: 3, title: "Hello again" }]);
  const leaked = await searchPublished("zzz' UNION SELECT id, password FROM users --");
  const attackBlocked = !leaked.some((row) => row.title === "s3cret" || row.title === "hunter2");
  return { normal, attackBlocked };
}
