const fs = require("fs");

/** Renders views/<name>.html, replacing {{key}} with vars[key]. */
function renderTemplate(name, vars, callback) {
  fs.readFile(__dirname + "/views/" + name + ".html", "utf8", (err, html) => {
    if (err) return callback(err);
    callback(null, html.replace(/\{\{(\w+)\}\}/g, (_, key) => String(vars[key] ?? "")));
  });
}

module.exports = { renderTemplate };
