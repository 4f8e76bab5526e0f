"use strict";
const express = require("express");

const resets = new Map();
const router = express.Router();

router.post("/password/forgot", (req, res) => {
  const token = Math.random().toString(36).substr(2, 10) + Date.now().toString(36);
  resets.set(token, req.body.email);
  res.json({ sent: true, token });
});

module.exports = { router, resets };
