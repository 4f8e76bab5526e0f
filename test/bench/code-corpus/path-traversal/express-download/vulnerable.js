const express = require("express");
const path = require("path");

const UPLOAD_DIR = path.join(__dirname, "uploads");
const app = express();

app.get("/download", (req, res) => {
  const file = req.query.file;
  if (!file) return res.status(400).send("missing file");
  res.download(path.join(UPLOAD_DIR, file));
});

module.exports = app;
