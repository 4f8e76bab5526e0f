import type { WorkerLog } from "../../src/jobs/worker.js";

export interface LogEntry {
  level: "debug" | "info" | "warn" | "error";
  fields: Record<string, unknown>;
  message: string;
}

/** A pino-shaped logger that keeps what it was told, for assertions. */
export class RecordingLog implements WorkerLog {
  readonly entries: LogEntry[] = [];

  debug(fields: object, message: string): void {
    this.entries.push({ level: "debug", fields: fields as Record<string, unknown>, message });
  }
  info(fields: object, message: string): void {
    this.entries.push({ level: "info", fields: fields as Record<string, unknown>, message });
  }
  warn(fields: object, message: string): void {
    this.entries.push({ level: "warn", fields: fields as Record<string, unknown>, message });
  }
  error(fields: object, message: string): void {
    this.entries.push({ level: "error", fields: fields as Record<string, unknown>, message });
  }

  at(level: LogEntry["level"]): LogEntry[] {
    return this.entries.filter((entry) => entry.level === level);
  }
}
