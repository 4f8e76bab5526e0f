exports.toTenant = (req, res) => {
  res.redirect("https://" + req.params.tenant + ".example.com/dashboard");
};
