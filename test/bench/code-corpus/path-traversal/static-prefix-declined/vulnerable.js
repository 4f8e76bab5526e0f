const http = require("http");
const fs = require("fs");

const server = http.createServer((req, res) => {
  fs.createReadStream("./static" + req.url)
    .on("error", () => {
      res.statusCode = 404;
      res.end();
    })
    .pipe(res);
});

module.exports = server;
