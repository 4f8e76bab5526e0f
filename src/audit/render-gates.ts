import type { GatesOutcome, GateVerdict } from "../domain/gate-verdict.js";
import { codeSpan, escapeMarkdownQuiet as escapeMarkdown } from "../domain/markdown.js";
import { shortSha } from "../gates/short-sha.js";

/**
 * GitHub refuses a check-run summary over 65,535 characters and has been seen counting more than
 * JavaScript does; 60,000 UTF-8 bytes leaves room for that and for a comment's other sections.
 */
export const SUMMARY_MAX_BYTES = 60_000;
/** One evidence sentence longer than this is cut: a sentence a person reads, not a log. */
const LINE_MAX_CHARS = 1_000;
const ANNOTATIONS_MAX = 50;
const ANNOTATION_MESSAGE_MAX_CHARS = 4_000;
const CUT_NOTE = "Some evidence was shortened to fit GitHub's size limit; secfix's audit log holds all of it.";

const RESULT: Record<GatesOutcome, string> = { passed: "✅ passed", failed: "❌ failed", pending: "⏳ pending" };

function resultOf(verdict: GateVerdict): GatesOutcome {
  if (verdict.passed) return "passed";
  return verdict.pending ? "pending" : "failed";
}

const encoder = new TextEncoder();
function bytes(text: string): number {
  return encoder.encode(text).length;
}

/** Cuts to `max` characters with an ellipsis, never between the two halves of a surrogate pair. */
function cutChars(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A group's evidence, escaped and joined, after fitting: how many sentences were dropped. */
export interface FittedEvidence {
  lines: string[];
  dropped: number;
  shortened: boolean;
}

/**
 * Fits groups of evidence sentences into `budget` bytes (with `separator` between sentences of a
 * group). Small groups keep everything; the big ones share what is left equally, so one gate's
 * thousand lines cannot push every other gate's evidence out. Sentences are escaped with `escape`
 * before they are measured, and cut as raw text, so an escape is never split.
 */
export function fitEvidence(groups: readonly (readonly string[])[], budget: number, separator: string, escape: (text: string) => string): FittedEvidence[] {
  const escaped = groups.map((group) => group.map((line) => escape(cutChars(line, LINE_MAX_CHARS))));
  const sizeOf = (lines: readonly string[]) => lines.reduce((sum, line, i) => sum + bytes(line) + (i > 0 ? bytes(separator) : 0), 0);
  const sizes = escaped.map(sizeOf);
  if (sizes.reduce((a, b) => a + b, 0) <= budget) return escaped.map((lines) => ({ lines, dropped: 0, shortened: false }));

  // Water-filling: groups under the fair share keep all, the rest split what remains.
  const allot = new Array<number>(groups.length).fill(0);
  let remaining = Math.max(0, budget);
  const order = sizes.map((size, index) => ({ size, index })).sort((a, b) => a.size - b.size);
  order.forEach(({ size, index }, position) => {
    const share = Math.floor(remaining / (order.length - position));
    allot[index] = Math.min(size, share);
    remaining -= allot[index]!;
  });

  return escaped.map((lines, index) => {
    const limit = allot[index]!;
    if (sizes[index]! <= limit) return { lines, dropped: 0, shortened: false };
    const kept: string[] = [];
    let used = 0;
    for (const line of lines) {
      const cost = bytes(line) + (kept.length > 0 ? bytes(separator) : 0);
      if (used + cost > limit) break;
      kept.push(line);
      used += cost;
    }
    let shortened = false;
    if (kept.length === 0 && lines.length > 0) {
      // Not even one sentence fits: keep as much of the first as the share allows.
      const raw = cutChars(groups[index]![0]!, LINE_MAX_CHARS);
      let chars = raw.length;
      let line = escape(raw);
      while (chars > 0 && bytes(line) > limit) {
        chars = Math.floor(chars * 0.8);
        line = escape(cutChars(raw, chars));
      }
      if (chars > 0) kept.push(line);
      shortened = true;
    }
    return { lines: kept, dropped: lines.length - kept.length, shortened };
  });
}

function droppedNote(fitted: FittedEvidence): string | null {
  return fitted.dropped > 0 ? `… ${fitted.dropped} more line${fitted.dropped === 1 ? "" : "s"} cut` : null;
}

function gatesTitle(outcome: GatesOutcome, verdicts: readonly GateVerdict[], headSha: string): string {
  if (outcome === "passed") return `Gates passed on ${shortSha(headSha)}`;
  if (outcome === "failed") {
    const count = verdicts.filter((verdict) => resultOf(verdict) === "failed").length;
    return `${count} of ${verdicts.length} gate${verdicts.length === 1 ? "" : "s"} failed`;
  }
  const waiting = verdicts.filter((verdict) => verdict.pending).map((verdict) => verdict.gate);
  return waiting.length > 0 ? `Waiting for ${waiting.join(", ")}` : "Waiting for the gates";
}

/**
 * The check run's title and summary: one table row per gate with its evidence. Evidence is text
 * secfix did not fully write (check names, file paths, advisory summaries), so every sentence is
 * escaped; `|` included, so no evidence can end a cell or a row. `maxBytes` is for callers that
 * embed the summary in a larger body.
 */
export function renderGatesSummary(input: { outcome: GatesOutcome; verdicts: GateVerdict[]; headSha: string; maxBytes?: number }): { title: string; summary: string } {
  const { outcome, verdicts, headSha } = input;
  const maxBytes = input.maxBytes ?? SUMMARY_MAX_BYTES;
  const counts = (["passed", "failed", "pending"] as const).map((result) => [result, verdicts.filter((verdict) => resultOf(verdict) === result).length] as const);
  const header = [
    `Gates on ${codeSpan(shortSha(headSha))}: ${counts.map(([result, count]) => `${count} ${result}`).join(", ")}.`,
    "",
    "| Gate | Result | Evidence |",
    "| --- | --- | --- |",
  ];
  const rowFrame = (verdict: GateVerdict) => `| ${escapeMarkdown(verdict.gate)} | ${RESULT[resultOf(verdict)]} |  |`;
  // Room for the per-row "… N more lines cut" and the closing note.
  const reserved = bytes(header.join("\n")) + verdicts.reduce((sum, verdict) => sum + bytes(rowFrame(verdict)) + 1 + 40, 0) + bytes(CUT_NOTE) + 4;
  const fitted = fitEvidence(
    verdicts.map((verdict) => verdict.evidence),
    maxBytes - reserved,
    "<br>",
    escapeMarkdown,
  );

  const rows = verdicts.map((verdict, index) => {
    const fit = fitted[index]!;
    const cell = [...fit.lines, ...[droppedNote(fit)].filter((note): note is string => note !== null)].join("<br>") || "-";
    return `| ${escapeMarkdown(verdict.gate)} | ${RESULT[resultOf(verdict)]} | ${cell} |`;
  });
  const cut = fitted.some((fit) => fit.dropped > 0 || fit.shortened);
  let summary = [...header, ...rows, ...(cut ? ["", CUT_NOTE] : [])].join("\n");
  // Only a table of absurdly many gates gets here: drop whole rows rather than exceed the cap.
  while (bytes(summary) > maxBytes && rows.length > 0) {
    rows.pop();
    summary = [...header, ...rows, "", CUT_NOTE].join("\n");
  }
  return { title: gatesTitle(outcome, verdicts, headSha), summary };
}

export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure" | "warning" | "notice";
  message: string;
  title: string;
}

const LEVEL: Record<GatesOutcome, CheckRunAnnotation["annotation_level"]> = { failed: "failure", pending: "warning", passed: "notice" };
const LEVEL_ORDER: GatesOutcome[] = ["failed", "pending", "passed"];

/**
 * The gates' annotations for the check run: failures of failed gates first, so the 50 that one
 * request may carry are the ones that block the fix; then a waiting gate's as warnings, a passed
 * gate's as notices.
 */
export function gateAnnotations(verdicts: GateVerdict[]): CheckRunAnnotation[] {
  const annotations: CheckRunAnnotation[] = [];
  for (const result of LEVEL_ORDER) {
    for (const verdict of verdicts.filter((v) => resultOf(v) === result)) {
      for (const annotation of verdict.annotations ?? []) {
        const line = Number.isInteger(annotation.line) && annotation.line > 0 ? annotation.line : 1;
        annotations.push({
          path: annotation.path,
          start_line: line,
          end_line: line,
          annotation_level: LEVEL[result],
          message: cutChars(annotation.message, ANNOTATION_MESSAGE_MAX_CHARS),
          title: cutChars(`secfix ${verdict.gate} gate`, 255),
        });
      }
    }
  }
  return annotations.slice(0, ANNOTATIONS_MAX);
}
