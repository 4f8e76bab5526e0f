import { z } from "zod";
import { SEVERITIES } from "../domain/severity.js";

/** `30m`, `24h`, `7d`: minutes, hours or days. */
export const DURATION_PATTERN = /^[1-9][0-9]{0,5}(m|h|d)$/;
const duration = z.string().regex(DURATION_PATTERN, "a duration like 30m, 24h or 7d");

const globList = z.array(z.string().min(1).max(500)).max(200);
/** `team-slug` (in the repository's organisation) or `org/team-slug`. */
const teamList = z.array(z.string().regex(/^([A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/, "a team slug like security or my-org/security")).max(15);

export const configSchema = z
  .object({
    sources: z
      .object({
        code_scanning: z.boolean().default(true).describe("Act on code scanning alerts (CodeQL or any SARIF tool)."),
        dependabot: z.boolean().default(true).describe("Act on Dependabot alerts."),
      })
      .strict()
      .prefault({})
      .describe("Which alert sources secfix acts on; alerts from a source that is off are recorded only."),
    severity_threshold: z
      .enum(SEVERITIES)
      .default("low")
      .describe("Findings below this severity are recorded but not acted on."),
    sla: z
      .object({
        critical: duration.default("24h"),
        high: duration.default("7d"),
        medium: duration.default("30d"),
        low: duration.default("90d"),
        max_open_escalations: z
          .number()
          .int()
          .min(1)
          .max(200)
          .default(10)
          .describe(
            "Most SLA escalation issues open at once in a repository; further escalations (say, a backlog of overdue alerts at install) wait a day and try again.",
          ),
        escalate_to: teamList
          .default([])
          .describe(
            "Teams mentioned when a finding is at risk of missing its SLA, and whose members are assigned the escalation issue when it is breached; when empty, approvers.security.",
          ),
      })
      .strict()
      .prefault({})
      .describe("Time to resolve a finding, counted from when GitHub opened the alert."),
    customer_facing_paths: globList
      .default([])
      .describe("Globs of customer-facing code (API routes, handlers); fixes touching them need approval."),
    approvers: z
      .object({
        customer_facing: teamList.default([]).describe("Teams whose approval a fix touching customer-facing paths needs."),
        new_patterns: teamList
          .default([])
          .describe("Teams whose approval an AI fix for a pattern not yet in ai.approved_patterns needs."),
        high_risk: teamList
          .default([])
          .describe("Teams whose approval a high-risk fix needs; when empty, the customer_facing teams."),
        security: teamList
          .default([])
          .describe(
            "Security teams: their members may /secfix approve any fix and /secfix dismiss alerts; when empty, dismissing needs admin access to the repository.",
          ),
        ruleset: z
          .boolean()
          .default(true)
          .describe(
            "Also keep a repository ruleset that requires the customer_facing teams' review for customer_facing_paths, where GitHub allows it (needs Administration write).",
          ),
      })
      .strict()
      .prefault({}),
    auto_merge: z
      .object({
        enabled: z.boolean().default(false).describe("Merge fixes that pass every gate and need no approval."),
        max_severity: z
          .enum(SEVERITIES)
          .default("high")
          .describe("Fixes for findings above this severity always wait for a person."),
        allowed_semver: z
          .enum(["patch", "minor", "major"])
          .default("minor")
          .describe("Largest dependency version jump that may merge without a person."),
        development_only: z.boolean().default(false).describe("Only auto-merge fixes to development dependencies."),
        merge_method: z.enum(["merge", "squash", "rebase"]).default("squash"),
        after_approval: z
          .boolean()
          .default(false)
          .describe("Also merge fixes that needed a person's approval, once approved and every gate passed."),
      })
      .strict()
      .prefault({}),
    ai: z
      .object({
        enabled: z.boolean().default(false).describe("Allow LLM-written patches where no recipe applies."),
        model: z.string().min(1).max(200).nullable().default(null).describe("Model name at the OpenAI-compatible endpoint."),
        approved_patterns: z
          .array(z.string().min(1).max(200))
          .max(500)
          .default([])
          .describe("Rule ids the AI is trusted to fix without a new-pattern approval."),
        max_tokens_per_fix: z.number().int().min(500).max(200_000).default(12_000),
      })
      .strict()
      .prefault({}),
    gates: z
      .object({
        max_files: z.number().int().min(1).max(500).default(20).describe("Largest number of files one fix may change."),
        max_changed_lines: z.number().int().min(1).max(100_000).default(400),
        ci_timeout: duration.default("2h").describe("How long to wait for the repository's CI before the gate fails."),
      })
      .strict()
      .prefault({}),
    dependencies: z
      .object({
        grouping: z
          .enum(["package", "advisory", "manifest"])
          .default("package")
          .describe("One fix PR per package in a manifest directory (default), per advisory, or per manifest directory."),
        allow_overrides: z
          .boolean()
          .default(false)
          .describe("May secfix add an npm `overrides` entry when no parent release pulls a fixed transitive version."),
      })
      .strict()
      .prefault({}),
    max_open_fix_prs: z
      .number()
      .int()
      .min(1)
      .max(200)
      .default(10)
      .describe("Most secfix fix pull requests open at once in a repository; further fixes wait until one closes."),
    protected_paths: globList
      .default([])
      .describe("Extra globs no fix may touch, on top of workflows, CODEOWNERS and secfix's own config."),
  })
  .strict();

export type SecfixConfig = z.infer<typeof configSchema>;
export type SecfixConfigInput = z.input<typeof configSchema>;

export const CONFIG_PATH = ".github/secfix.yml";

export function defaultConfig(): SecfixConfig {
  return configSchema.parse({});
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds in a duration that the schema accepted. */
export function durationMs(value: string): number {
  const match = DURATION_PATTERN.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number.parseInt(value, 10) * UNIT_MS[match[1] as keyof typeof UNIT_MS];
}
