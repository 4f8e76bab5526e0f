export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

/** A promise a test settles by hand, to hold a job handler at a known point. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
