/** One gate's judgement of a patch, with the evidence a reviewer can check. */
export interface GateVerdict {
  gate: string;
  passed: boolean;
  /** Short sentences; for a failure, what exactly failed (file, line, rule). */
  evidence: string[];
}

export function passed(gate: string, evidence: string[] = []): GateVerdict {
  return { gate, passed: true, evidence };
}

export function failed(gate: string, evidence: string[]): GateVerdict {
  return { gate, passed: false, evidence };
}
