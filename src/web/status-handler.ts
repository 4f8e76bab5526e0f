import type { IncomingMessage, ServerResponse } from "node:http";
import type { Store } from "../store/store.js";

/**
 * `GET /secfix/status`: whether the store answers and how the job queue stands. Holds no
 * repository data, so it is safe to expose to a load balancer's health check.
 */
export function createStatusHandler(store: Store) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/secfix/status") return false;
    try {
      const jobs = await store.read((reader) => reader.countJobs());
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, database: store.kind, jobs }));
    } catch (error) {
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error: "store unavailable" }));
    }
    return true;
  };
}
