import { execSync } from "node:child_process";

export interface Usage {
  path: string;
  size: string;
}

/** Reports how much space a directory takes, for the admin dashboard. */
export function diskUsage(dir: string): Usage {
  const cmd = `du -sh "${dir}"`;
  const [size = ""] = execSync(cmd, { encoding: "utf8" }).split("\t");
  return { path: dir, size: size.trim() };
}
