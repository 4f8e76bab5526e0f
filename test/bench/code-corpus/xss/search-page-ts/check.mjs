import { fakeResponse, loadModule } from "../../../web-corpus-harness.mjs";

/** The search box keeps the query; a quote cannot close the value attribute and open a tag. */
export async function check(modulePath) {
  const { renderSearch } = loadModule(modulePath);
  const render = (q) => {
    const { res, record } = fakeResponse();
    renderSearch({ query: { q } }, res, [{ id: 1, title: "Boots" }]);
    return record.sent[0];
  };
  const normal = render("boots") === '<form><input name="q" value="boots"></form><p>1 results for boots</p>';
  const page = render('"><script>alert(1)</script>');
  const attackBlocked = !page.includes("<script>") && page.includes('value="&quot;&gt;&lt;script&gt;');
  return { normal, attackBlocked };
}
