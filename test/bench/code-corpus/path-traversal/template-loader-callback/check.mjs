import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureDir, loadModule } from "../harness.mjs";

const render = (renderTemplate, name, vars) =>
  new Promise((resolve) => renderTemplate(name, vars, (err, html) => resolve(err ? { error: err.message } : { html })));

/** Views still render; `../secret` no longer renders the HTML file outside views/. */
export async function check(modulePath) {
  const dir = fixtureDir("views");
  writeFileSync(join(dir, "views", "welcome.html"), "<p>Hi {{name}}</p>");
  const { renderTemplate } = loadModule(modulePath, { dirname: dir });
  const ok = await render(renderTemplate, "welcome", { name: "Ada" });
  const normal = ok.html === "<p>Hi Ada</p>";
  const attack = await render(renderTemplate, "../secret", {});
  const attackBlocked = attack.html !== "TOP SECRET";
  return { normal, attackBlocked };
}
