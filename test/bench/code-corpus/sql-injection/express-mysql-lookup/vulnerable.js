const express = require("express");
const mysql = require("mysql2");

const pool = mysql.createPool({ host: process.env.DB_HOST, user: "app", database: "app" });
const router = express.Router();

router.get("/users/by-email", (req, res) => {
  const email = req.query.email;
  pool.query("SELECT id, name, role FROM users WHERE email = '" + email + "'", (err, rows) => {
    if (err) return res.status(500).json({ error: "lookup failed" });
    if (rows.length === 0) return res.status(404).json({ error: "not found" });
    res.json(rows[0]);
  });
});

module.exports = router;
