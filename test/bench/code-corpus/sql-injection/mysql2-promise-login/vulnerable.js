import mysql from "mysql2/promise";

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

export async function authenticate(name, password) {
  const [rows] = await pool.execute(
    "SELECT id, role FROM users " +
      "WHERE name = '" + name + "' " +
      "AND password = '" + password + "'",
  );
  return rows.length === 1 ? rows[0] : null;
}
