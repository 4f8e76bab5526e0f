export function evaluateFormula(req, res) {
  const result = eval(req.query.formula);
  res.json({ result });
}
