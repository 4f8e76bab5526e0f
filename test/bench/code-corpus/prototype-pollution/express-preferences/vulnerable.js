const express = require("express");

const router = express.Router();

// UI preferences kept in memory: { [userId]: { [section]: { [key]: value } } }
const preferences = {};

router.post("/preferences/:section", express.json(), (req, res) => {
  const userId = req.get("x-user-id") || "anonymous";
  const { key, value } = req.body;
  const forUser = preferences[userId] || (preferences[userId] = {});
  const section = forUser[req.params.section] || (forUser[req.params.section] = {});
  section[key] = value;
  res.json(section);
});

module.exports = router;
