import { AsyncLocalStorage } from "node:async_hooks";

interface Holder {
  active: boolean;
}

/**
 * Runs async critical sections one after another, in call order.
 *
 * A call made from inside a running section would wait for itself forever; it is refused
 * instead, with an error that names the mistake.
 */
export class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly holder = new AsyncLocalStorage<Holder>();

  constructor(private readonly reentryMessage = "a critical section was entered again from inside itself") {}

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.holder.getStore()?.active) return Promise.reject(new Error(this.reentryMessage));
    const result = this.tail.then(() => {
      const holder: Holder = { active: true };
      return this.holder.run(holder, async () => {
        try {
          return await fn();
        } finally {
          holder.active = false;
        }
      });
    });
    // The next caller waits for this one to settle, whatever its outcome.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
