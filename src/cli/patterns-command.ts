import { parseArgs } from "node:util";
import type { Store } from "../store/store.js";
import type { CliIo } from "./cli-io.js";
import { formatTable } from "./format-table.js";

export const PATTERNS_HELP = `Usage: secfix patterns [--json]

Lists the rules whose AI-written fixes a pattern approver approved on a merged pull request.
Later AI fixes for these rules need no new-pattern approval.
`;

export async function patternsCommand(args: string[], store: Store, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } }, strict: true });
  if (values.help) {
    io.out(PATTERNS_HELP);
    return 0;
  }
  const patterns = await store.read((reader) => reader.listApprovedPatterns());
  if (values.json) {
    io.out(JSON.stringify(patterns, null, 2) + "\n");
    return 0;
  }
  if (patterns.length === 0) {
    io.out("No approved patterns yet.\n");
    return 0;
  }
  io.out(
    formatTable(
      ["RULE", "STRATEGY", "APPROVED BY", "PULL REQUEST", "APPROVED AT"],
      patterns.map((p) => [p.ruleId, p.strategy, p.approvedBy, `${p.repository}#${p.pullRequest}`, p.approvedAt]),
    ),
  );
  return 0;
}
