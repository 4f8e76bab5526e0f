const serialize = require("node-serialize");

exports.readProfile = (req) => {
  const raw = Buffer.from(req.cookies.profile, "base64").toString();
  return serialize.unserialize(raw);
};
