// Builds an inline <script> config value; quotes are "escaped" with a backslash (CommonJS).
function toJsString(value) {
  return "'" + String(value).replace("'", "\\'") + "'";
}

function inlineConfig(user) {
  return "var CURRENT_USER = " + toJsString(user.displayName) + ";";
}

module.exports = { inlineConfig };
