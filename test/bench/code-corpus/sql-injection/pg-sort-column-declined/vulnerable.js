const { Pool } = require("pg");

const pool = new Pool();

/** Lists posts sorted by the column the table header asked for. */
async function listPosts(sort = "id") {
  const { rows } = await pool.query("SELECT id, title, status FROM posts ORDER BY " + sort);
  return rows;
}

module.exports = { listPosts };
