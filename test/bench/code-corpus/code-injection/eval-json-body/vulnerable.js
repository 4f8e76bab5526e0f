const express = require("express");
const app = express();

app.post("/preferences", (req, res) => {
  const prefs = eval("(" + req.body.prefs + ")");
  res.json({ theme: prefs.theme || "light", pageSize: prefs.pageSize || 20 });
});

module.exports = app;
