const fs = require("fs");

/** Shows a log file to operators: GET /logs?path=/var/log/app.log */
module.exports = function viewLog(req, res) {
  res.type("text/plain").send(fs.readFileSync(req.query.path, "utf8"));
};
