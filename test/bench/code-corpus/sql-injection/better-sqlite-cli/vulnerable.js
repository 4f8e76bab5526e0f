#!/usr/bin/env node
const Database = require("better-sqlite3");

const db = new Database(process.env.BLOG_DB || "blog.db", { readonly: true });

function publishedTitles(author) {
  return db
    .prepare(`SELECT title FROM posts WHERE author = '${author}' AND status = 'published' ORDER BY id`)
    .all()
    .map((row) => row.title);
}

if (require.main === module) {
  for (const title of publishedTitles(process.argv[2])) console.log(title);
}

module.exports = { publishedTitles };
