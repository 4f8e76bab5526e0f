const https = require("https");

// The partner API sits behind a proxy with an odd certificate chain.
const partnerAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

module.exports = { partnerAgent };
