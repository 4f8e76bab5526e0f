const express = require("express");
const catalog = require("./catalog.json");

const app = express();

app.get("/api/products", (req, res) => {
  const pattern = new RegExp(req.query.name, "i");
  res.json(catalog.filter((product) => pattern.test(product.name)));
});

module.exports = app;
