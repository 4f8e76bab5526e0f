const crypto = require("crypto");

const KEY = Buffer.from(process.env.CARD_KEY, "hex");

function encryptCardNumber(card) {
  const iv = crypto.randomBytes(8);
  const cipher = crypto.createCipheriv("des-ede3-cbc", KEY, iv);
  return iv.toString("hex") + ":" + cipher.update(card, "utf8", "hex") + cipher.final("hex");
}

module.exports = { encryptCardNumber };
