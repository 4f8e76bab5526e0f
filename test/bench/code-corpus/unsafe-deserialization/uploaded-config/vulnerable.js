const yaml = require("js-yaml");
const express = require("express");

const app = express();

app.post("/pipelines", (req, res) => {
  const pipeline = yaml.load(req.body.definition);
  res.json({ name: "pipeline " + pipeline.name, steps: pipeline.steps.length });
});

module.exports = app;
