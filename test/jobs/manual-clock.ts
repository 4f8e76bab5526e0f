/** A clock that moves only when a test says so. */
export class ManualClock {
  private ms: number;

  constructor(start: string) {
    this.ms = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.ms);

  iso(): string {
    return new Date(this.ms).toISOString();
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
