const COOKIE_OPTIONS = { maxAge: 3600000 };

exports.setSession = (res, id) => {
  res.cookie("session", id, COOKIE_OPTIONS);
};
