import tls from "node:tls";

export function connect(port, host) {
  return tls.connect({ port, host, rejectUnauthorized: process.env.NODE_ENV === "production" });
}
