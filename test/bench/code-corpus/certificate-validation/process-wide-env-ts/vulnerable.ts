import { get } from "node:https";

process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

export function fetchStatus(url: string) {
  return get(url);
}

export const ready = true;
