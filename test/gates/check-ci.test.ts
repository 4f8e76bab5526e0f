import { describe, expect, it } from "vitest";
import type { CiCheckRun, CiStatus, RequiredCheck } from "../../src/domain/ci-signal.js";
import { checkCi, type CiGateInput } from "../../src/gates/check-ci.js";

const HEAD = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b";
const SECFIX = 912345;
const ACTIONS = 15368;

function run(name: string, conclusion: string | null, overrides: Partial<CiCheckRun> = {}): CiCheckRun {
  return {
    name,
    appId: ACTIONS,
    appSlug: "github-actions",
    status: conclusion === null ? "in_progress" : "completed",
    conclusion,
    url: `https://github.com/acme/shop/actions/runs/1/job/${name.length}`,
    ...overrides,
  };
}

function status(context: string, state: CiStatus["state"]): CiStatus {
  return { context, state, url: `https://ci.acme.dev/${context}` };
}

function required(context: string, appId: number | null = null): RequiredCheck {
  return { context, appId, source: "branch_protection" };
}

function input(overrides: Partial<CiGateInput> = {}): CiGateInput {
  return {
    headSha: HEAD,
    checkRuns: [],
    statuses: [],
    required: { checks: [], unreadable: null },
    ownAppId: SECFIX,
    startedAt: "2025-03-01T10:00:00Z",
    now: "2025-03-01T10:05:00Z",
    timeoutMs: 30 * 60_000,
    ...overrides,
  };
}

describe("checkCi", () => {
  it("passes when every check succeeded and every required check is satisfied, listing each", () => {
    const verdict = checkCi(
      input({
        checkRuns: [run("test", "success"), run("lint", "success"), run("docs", "skipped")],
        statuses: [status("ci/circleci: build", "success")],
        required: { checks: [required("test"), required("ci/circleci: build")], unreadable: null },
      }),
    );
    expect(verdict).toMatchObject({ gate: "ci", passed: true });
    expect(verdict.pending).toBeUndefined();
    expect(verdict.evidence).toEqual([
      "every check on 9f86d081884c concluded without failure and all 2 required check(s) succeeded",
      'check run "test" from github-actions: success (required)',
      'check run "lint" from github-actions: success',
      'check run "docs" from github-actions: skipped',
      'status "ci/circleci: build": success (required)',
    ]);
  });

  it("fails on a failed, cancelled or timed-out run and on an errored status, naming each with its URL", () => {
    const verdict = checkCi(
      input({
        checkRuns: [run("test", "failure"), run("e2e", "timed_out"), run("build", "cancelled"), run("lint", "success"), run("deploy", "startup_failure")],
        statuses: [status("security/snyk", "error")],
      }),
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.pending).toBeUndefined();
    expect(verdict.evidence).toEqual([
      'check run "test" from github-actions is failure on 9f86d081884c: https://github.com/acme/shop/actions/runs/1/job/4',
      'check run "e2e" from github-actions is timed_out on 9f86d081884c: https://github.com/acme/shop/actions/runs/1/job/3',
      'check run "build" from github-actions is cancelled on 9f86d081884c: https://github.com/acme/shop/actions/runs/1/job/5',
      'check run "deploy" from github-actions is startup_failure on 9f86d081884c: https://github.com/acme/shop/actions/runs/1/job/6',
      'status "security/snyk" is error on 9f86d081884c: https://ci.acme.dev/security/snyk',
    ]);
  });

  it("fails on action_required and stale, and on a conclusion it does not know", () => {
    const verdict = checkCi(input({ checkRuns: [run("approve", "action_required"), run("old", "stale"), run("odd", "exploded")] }));
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence.join("\n")).toMatch(/"approve".* is action_required/);
    expect(verdict.evidence.join("\n")).toMatch(/"old".* is stale/);
    expect(verdict.evidence.join("\n")).toMatch(/"odd".* is exploded \(not a conclusion secfix knows\)/);
  });

  it("fails at once on a failure even while other checks are still running", () => {
    const verdict = checkCi(input({ checkRuns: [run("test", "failure"), run("e2e", null)] }));
    expect(verdict.passed).toBe(false);
    expect(verdict.pending).toBeUndefined();
  });

  it("fails when a required check was skipped, but accepts a skipped check nobody requires", () => {
    const verdict = checkCi(
      input({
        checkRuns: [run("test", "skipped"), run("docs", "neutral")],
        required: { checks: [required("test")], unreadable: null },
      }),
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toEqual(["required check test was skipped on 9f86d081884c: secfix needs it to succeed: https://github.com/acme/shop/actions/runs/1/job/4"]);

    const neutral = checkCi(input({ checkRuns: [run("test", "neutral")], required: { checks: [required("test")], unreadable: null } }));
    expect(neutral.evidence[0]).toMatch(/^required check test concluded neutral on 9f86d081884c: secfix needs it to succeed/);
  });

  it("takes the first run of a name as the latest: a green re-run listed first replaces the failed run", () => {
    const rerun = checkCi(input({ checkRuns: [run("test", "success"), run("test", "failure")] }));
    expect(rerun.passed).toBe(true);
    expect(rerun.evidence).toContain('check run "test" from github-actions: success');
    const stillRed = checkCi(input({ checkRuns: [run("test", "failure"), run("test", "success")] }));
    expect(stillRed.passed).toBe(false);
  });

  it("keeps same-named runs of two different apps apart, so one cannot hide the other's failure", () => {
    const verdict = checkCi(input({ checkRuns: [run("build", "success"), run("build", "failure", { appId: 4242, appSlug: "circleci-checks" })] }));
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toMatch(/^check run "build" from circleci-checks is failure/);
  });

  it("ignores secfix's own check runs: its failed gate verdict is not CI", () => {
    const verdict = checkCi(input({ checkRuns: [run("secfix / gates", "failure", { appId: SECFIX, appSlug: "secfix" }), run("test", "success")] }));
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence.join("\n")).not.toMatch(/secfix \/ gates/);
  });

  it("does not wait for a required check that only secfix itself reports", () => {
    const verdict = checkCi(
      input({
        checkRuns: [run("secfix / gates", null, { appId: SECFIX, appSlug: "secfix" }), run("test", "success")],
        required: { checks: [required("secfix / gates"), required("secfix / approval", SECFIX), required("test")], unreadable: null },
      }),
    );
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toContain(`required check "secfix / gates" is secfix's own verdict, so the CI gate does not wait for it`);
    expect(verdict.evidence).toContain(`required check "secfix / approval" (from app ${SECFIX}) is secfix's own verdict, so the CI gate does not wait for it`);
  });

  it("is pending while runs are queued or in progress, statuses pending, or a required check has not reported", () => {
    const verdict = checkCi(
      input({
        checkRuns: [run("test", "success"), run("e2e", null, { status: "queued", conclusion: null })],
        statuses: [status("ci/circleci: build", "pending")],
        required: { checks: [required("test"), required("codeql")], unreadable: null },
      }),
    );
    expect(verdict).toMatchObject({ gate: "ci", passed: false, pending: true });
    expect(verdict.evidence).toEqual([
      'waiting for CI on 9f86d081884c: e2e (queued), ci/circleci: build (pending), required check "codeql" (not reported yet); secfix waits up to 30 minutes from 2025-03-01T10:00:00Z',
    ]);
  });

  it("fails once the timeout has passed, naming what it still waited for", () => {
    const verdict = checkCi(
      input({
        checkRuns: [run("test", "success"), run("e2e", null)],
        required: { checks: [required("codeql")], unreadable: null },
        now: "2025-03-01T10:30:00Z",
      }),
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.pending).toBeUndefined();
    expect(verdict.evidence[0]).toBe('CI did not conclude within 30 minutes of 2025-03-01T10:00:00Z: still waiting for e2e (in_progress), required check "codeql" (not reported yet)');
  });

  it("waits for a required check pinned to an app when only a status or another app's run of that name reported", () => {
    const verdict = checkCi(
      input({
        checkRuns: [run("test", "success", { appId: 4242, appSlug: "other-ci" })],
        statuses: [status("test", "success")],
        required: { checks: [required("test", ACTIONS)], unreadable: null },
      }),
    );
    expect(verdict.pending).toBe(true);
    expect(verdict.evidence[0]).toMatch(/required check "test" \(from app 15368\) \(not reported yet\)/);
    const satisfied = checkCi(input({ checkRuns: [run("test", "success")], required: { checks: [required("test", ACTIONS)], unreadable: null } }));
    expect(satisfied.passed).toBe(true);
  });

  it("treats branch protection's app id -1 as any source", () => {
    const verdict = checkCi(input({ statuses: [status("test", "success")], required: { checks: [required("test", -1)], unreadable: null } }));
    expect(verdict.passed).toBe(true);
  });

  it("waits when no CI reported at all, and fails after the timeout because it cannot tell the fix is safe", () => {
    const waiting = checkCi(input());
    expect(waiting).toMatchObject({ passed: false, pending: true });
    expect(waiting.evidence[0]).toBe("no CI has reported on 9f86d081884c yet; secfix waits up to 30 minutes from 2025-03-01T10:00:00Z");

    const late = checkCi(input({ now: "2025-03-01T11:00:00Z" }));
    expect(late.pending).toBeUndefined();
    expect(late.evidence).toEqual(["no CI reported on 9f86d081884c within 30 minutes; secfix cannot tell the fix is safe"]);
  });

  it("counts only secfix's own runs as no CI at all", () => {
    const verdict = checkCi(input({ checkRuns: [run("secfix / gates", "success", { appId: SECFIX })] }));
    expect(verdict.pending).toBe(true);
    expect(verdict.evidence[0]).toMatch(/^no CI has reported/);
  });

  it("says when required checks could not be read, without failing for it", () => {
    const verdict = checkCi(input({ checkRuns: [run("test", "success")], required: { checks: [], unreadable: "403 Resource not accessible by integration (needs Administration read)" } }));
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence.at(-1)).toBe(
      "the base branch's required checks could not be read (403 Resource not accessible by integration (needs Administration read)); secfix judged every check it found on 9f86d081884c",
    );
  });

  it("fails a completed run without a conclusion rather than guessing", () => {
    const verdict = checkCi(input({ checkRuns: [run("test", null, { status: "completed" })] }));
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toMatch(/is completed without a conclusion on 9f86d081884c/);
  });

  it("treats an unreadable start time as expired, so a gate cannot wait forever", () => {
    const verdict = checkCi(input({ startedAt: "not a date", checkRuns: [run("e2e", null)] }));
    expect(verdict.passed).toBe(false);
    expect(verdict.pending).toBeUndefined();
  });
});
