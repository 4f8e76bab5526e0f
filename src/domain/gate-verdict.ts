/** A place in the repository a gate points at, shown as a check-run annotation. */
export interface GateAnnotation {
  path: string;
  line: number;
  message: string;
}

/** One gate's judgement of a patch, with the evidence a reviewer can check. */
export interface GateVerdict {
  gate: string;
  passed: boolean;
  /**
   * Set while the gate cannot judge yet (CI still running, no re-scan of the head yet); `passed`
   * is false then. A pending gate turns into a failure when its time runs out.
   */
  pending?: boolean;
  /** Short sentences; for a failure, what exactly failed (file, line, rule). */
  evidence: string[];
  annotations?: GateAnnotation[];
}

export function passed(gate: string, evidence: string[] = []): GateVerdict {
  return { gate, passed: true, evidence };
}

export function failed(gate: string, evidence: string[], annotations?: GateAnnotation[]): GateVerdict {
  return { gate, passed: false, evidence, ...(annotations?.length ? { annotations } : {}) };
}

export function pending(gate: string, evidence: string[]): GateVerdict {
  return { gate, passed: false, pending: true, evidence };
}

export type GatesOutcome = "passed" | "failed" | "pending";

/** Every gate passed → passed; any failed → failed; otherwise some gate still waits. */
export function combineVerdicts(verdicts: readonly GateVerdict[]): GatesOutcome {
  if (verdicts.some((verdict) => !verdict.passed && !verdict.pending)) return "failed";
  if (verdicts.some((verdict) => verdict.pending)) return "pending";
  return "passed";
}
