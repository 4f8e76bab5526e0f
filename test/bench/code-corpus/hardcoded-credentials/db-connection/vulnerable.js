const { Pool } = require("pg");

const dbPassword = "Sup3rS3cret!";

const pool = new Pool({
  host: process.env.PGHOST || "localhost",
  user: "billing",
  password: dbPassword,
  database: "billing",
});

module.exports = { pool };
