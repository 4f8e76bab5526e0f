const session = require("express-session");

export const sessionMiddleware = session({
  name: "sid",
  secret: process.env.SESSION_SECRET as string,
  resave: false,
  saveUninitialized: false,
  cookie: {
    maxAge: 8 * 60 * 60 * 1000,
  },
});
