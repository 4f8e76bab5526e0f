const mysql = require("mysql");

const connection = mysql.createConnection({ host: "localhost", user: "app" });

exports.usersByIds = (ids, callback) => {
  connection.query(`SELECT id, name FROM users WHERE id IN (${ids.join(",")})`, callback);
};
