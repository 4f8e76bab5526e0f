const express = require('express');
const app = express();

app.post('/login', (req, res) => {
  const token = req.app.locals.sessions.issue(req.body.user);
  res.cookie('remember_me', token, { maxAge: 1000 * 60 * 60 * 24 * 30 });
  res.redirect('/');
});

module.exports = app;
