// A greeting route written the way Express tutorials do (CommonJS).
const express = require("express");

const app = express();

app.get("/greet", function (req, res) {
  const name = req.query.name || "stranger";
  res.send("<!doctype html><h1>Hello, " + name + "!</h1><p>Welcome to the shop.</p>");
});

module.exports = app;
