const express = require("express");
const router = express.Router();

router.get("/app", (req, res) => {
  res.send(`<div id="root"></div><script>window.__USER__ = "${req.query.user}";</script>`);
});

module.exports = router;
