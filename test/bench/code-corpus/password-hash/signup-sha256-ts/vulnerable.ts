import { createHash } from "node:crypto";

type Row = { username: string; pw: string };
const table: Row[] = [];

const digest = (password: string) => createHash("sha256").update(password).digest("base64");

export function signUp(username: string, password: string): void {
  table.push({ username, pw: digest(password) });
}

export function signIn(username: string, password: string): boolean {
  const row = table.find((r) => r.username === username);
  return row !== undefined && row.pw == digest(password);
}

export const rows = table;
