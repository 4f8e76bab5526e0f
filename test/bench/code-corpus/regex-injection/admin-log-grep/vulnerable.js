export function grepLogs(lines, req) {
  const filter = new RegExp(req.body.regex);
  return lines.filter((line) => filter.test(line));
}
