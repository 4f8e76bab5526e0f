import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

/** Full-text-ish search over published posts for the blog's search box. */
export async function searchPublished(term) {
  const sql = `
    SELECT id, title FROM posts
    WHERE status = 'published' AND title LIKE '%${term}%'
    ORDER BY id`;
  const result = await pool.query(sql);
  return result.rows;
}
