class Registry {
  constructor() {
    this.entries = {};
  }

  /** Registers a handler under a slash-separated name such as "http/get/users". */
  register(name, handler) {
    const parts = name.split("/");
    let scope = this.entries;
    while (parts.length > 1) {
      const part = parts.shift();
      scope = scope[part] || (scope[part] = {});
    }
    scope[parts.pop()] = handler;
  }
}

module.exports = { Registry };
