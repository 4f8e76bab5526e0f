const crypto = require("crypto");

// Stores a fingerprint of each API token so the raw token never sits in the database.
function tokenFingerprint(apiToken) {
  return crypto.createHash("sha1").update(apiToken).digest("hex");
}

module.exports = { tokenFingerprint };
