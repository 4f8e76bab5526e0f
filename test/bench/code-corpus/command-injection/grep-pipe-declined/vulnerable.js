const { exec } = require("child_process");

/** Counts the log lines mentioning a request id, for the support console. */
function countMatches(requestId, logFile, callback) {
  exec("grep -c '" + requestId + "' " + logFile + " | head -1", (err, stdout) => callback(err, Number(stdout)));
}

module.exports = { countMatches };
