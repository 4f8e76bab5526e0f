import * as childProcess from "node:child_process";

const HOST = process.env.HEALTHCHECK_HOST ?? "localhost";

/** Pings the configured host once; resolves to true when it answers. */
export function healthcheck(timeoutMs = 2000) {
  return new Promise((resolve) => {
    childProcess.exec(`ping -c 1 -W 1 ${HOST}`, { timeout: timeoutMs }, (error) => resolve(!error));
  });
}
