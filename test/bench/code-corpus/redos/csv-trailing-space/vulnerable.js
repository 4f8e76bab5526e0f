const TRAILING = /\s+$/;

module.exports.cleanCell = function cleanCell(cell) {
  return cell.replace(/[ \t]+$/, "");
};

module.exports.TRAILING = TRAILING;
