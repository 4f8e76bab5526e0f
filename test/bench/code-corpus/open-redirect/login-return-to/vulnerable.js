const express = require("express");
const app = express();

app.post("/login", (req, res) => {
  req.session.user = req.body.user;
  const returnTo = req.query.returnTo || "/account";
  res.redirect(returnTo);
});

module.exports = app;
