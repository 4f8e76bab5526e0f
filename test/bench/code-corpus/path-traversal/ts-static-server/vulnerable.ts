import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFile } from "node:fs";
import path from "node:path";

const PUBLIC_DIR = path.resolve(process.env.PUBLIC_DIR ?? "public");

export function handle(req: IncomingMessage, res: ServerResponse): void {
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  const filePath = path.join(PUBLIC_DIR, decodeURIComponent(pathname));
  readFile(filePath, (err, data) => {
    if (err) {
      res.writeHead(404);
      res.end("not found");
      return;
    }
    res.writeHead(200);
    res.end(data);
  });
}

export const server = createServer(handle);
