#!/usr/bin/env node
"use strict";

const path = require("path");
const { execSync } = require("child_process");

function thumbnail(input, size = 200) {
  const output = path.join(path.dirname(input), "thumb-" + path.basename(input));
  execSync("convert '" + input + "' -thumbnail " + size + "x" + size + " '" + output + "'", { stdio: "ignore" });
  return output;
}

if (require.main === module) {
  for (const file of process.argv.slice(2)) console.log(thumbnail(file));
}

module.exports = { thumbnail };
