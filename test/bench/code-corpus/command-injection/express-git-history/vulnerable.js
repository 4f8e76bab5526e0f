const express = require("express");
const { exec } = require("child_process");

const app = express();
const REPO = process.env.REPO_DIR || "/srv/repo";

app.get("/api/history", (req, res) => {
  const branch = req.query.branch || "main";
  exec(`git -C ${REPO} log --oneline -n 20 ${branch}`, (error, stdout) => {
    if (error) {
      res.status(500).json({ error: "git failed" });
      return;
    }
    res.json({ commits: stdout.trim().split("\n") });
  });
});

module.exports = app;
