const sqlite3 = require("sqlite3").verbose();

const db = new sqlite3.Database("./blog.db");

function addDraft(author, title, callback) {
  const sql = "INSERT INTO posts (author, title, status) VALUES ('" + author + "', '" + title + "', 'draft')";
  db.run(sql, function (err) {
    callback(err, err ? null : this.lastID);
  });
}

function draftsOf(author, callback) {
  db.all("SELECT title, status FROM posts WHERE author = ?", [author], callback);
}

module.exports = { addDraft, draftsOf };
