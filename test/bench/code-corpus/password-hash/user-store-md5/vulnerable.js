const crypto = require("crypto");

class UserStore {
  constructor() {
    this.users = new Map();
  }

  register(email, password) {
    this.users.set(email, { email, passwordHash: hashPassword(password) });
  }

  authenticate(email, password) {
    const user = this.users.get(email);
    if (!user) return false;
    return hashPassword(password) === user.passwordHash;
  }
}

function hashPassword(password) {
  return crypto.createHash("md5").update(password).digest("hex");
}

module.exports = { UserStore };
