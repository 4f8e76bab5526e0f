import nock from "nock";
import { afterEach, beforeEach } from "vitest";
import { inspectGitHubRequest } from "./github-openapi.js";

/**
 * A strict nock kit for GitHub: every request that reaches a GitHub host is checked against
 * GitHub's REST description, and requests nock could not match are remembered, so a test
 * cannot pass while the app talks to GitHub in a way the real API would refuse.
 */

export const GITHUB_API_URL = "https://api.github.com";

export interface RecordedGitHubRequest {
  method: string;
  /** Full URL as sent, e.g. `https://api.github.com/repos/o/r/issues?per_page=100`. */
  url: string;
  /** Path and query as sent (GHES requests keep their `/api/v3` prefix). */
  path: string;
  /** Parsed JSON body; the raw string when it is not JSON; undefined when empty. */
  body: unknown;
  /** The REST operation the request resolved to (e.g. `pulls/create`), when one fits. */
  operationId: string | undefined;
}

export interface GitHubViolation extends RecordedGitHubRequest {
  problems: string[];
}

interface MockState {
  /** Extra hosts (GHES) that count as GitHub besides api.github.com. */
  hosts: Set<string>;
  requests: RecordedGitHubRequest[];
  violations: GitHubViolation[];
  unmatched: GitHubViolation[];
}

// Stored on nock's Scope prototype (the thing we patch) rather than in this module, so a
// re-evaluated copy of this module shares state with the hook that is already installed.
const STATE_KEY = Symbol.for("secfix.test.github-mock.state");

const state = installHooks();

/**
 * Requests GitHub interceptors answered since the last reset, in order. The array is live
 * (reset empties it in place), so `import { requests }` stays valid across tests.
 */
export const requests: readonly RecordedGitHubRequest[] = state.requests;

/**
 * A nock scope for GitHub's API. Pass a GHES base URL (`https://ghe.example.com/api/v3`)
 * to fake an Enterprise Server; its host then counts as GitHub for checking.
 */
export function mockGitHub(baseUrl: string = GITHUB_API_URL, options?: nock.Options): nock.Scope {
  state.hosts.add(new URL(baseUrl).hostname);
  return nock(baseUrl, options);
}

/** Requests to GitHub hosts that broke GitHub's REST description since the last reset. */
export function githubViolations(): readonly GitHubViolation[] {
  return state.violations;
}

/** Requests to GitHub hosts that no interceptor matched since the last reset. */
export function unmatchedGitHubRequests(): readonly GitHubViolation[] {
  return state.unmatched;
}

/** Interceptors for GitHub hosts that were defined but never used (nock's pendingMocks). */
export function pendingGitHubMocks(): string[] {
  return nock.pendingMocks().filter((mock) => {
    const url = mock.slice(mock.indexOf(" ") + 1);
    try {
      const parsed = new URL(url);
      return isGitHub(parsed.hostname, parsed.pathname);
    } catch {
      return false;
    }
  });
}

/** Forgets recorded requests, violations and unmatched requests (interceptors are nock's). */
export function resetGitHubMock(): void {
  state.requests.length = 0;
  state.violations.length = 0;
  state.unmatched.length = 0;
}

/**
 * Throws, listing every problem, when a GitHub request broke the REST description, reached
 * nock without a matching interceptor, or an interceptor for GitHub was never used.
 * Reported violations and unmatched requests are forgotten so one failure does not also
 * fail the following tests.
 */
export function assertGitHubClean(): void {
  const violations = [...state.violations];
  const unmatched = [...state.unmatched];
  const pending = pendingGitHubMocks();
  state.violations.length = 0;
  state.unmatched.length = 0;
  if (violations.length === 0 && unmatched.length === 0 && pending.length === 0) return;

  const lines = ["GitHub mock is not clean:"];
  if (violations.length > 0) {
    lines.push(`  Requests that break GitHub's REST description (${violations.length}):`);
    for (const v of violations) lines.push(...formatEntry(v));
  }
  if (unmatched.length > 0) {
    lines.push(`  Requests no interceptor matched (${unmatched.length}):`);
    for (const u of unmatched) lines.push(...formatEntry(u));
  }
  if (pending.length > 0) {
    lines.push(`  Interceptors that were never used (${pending.length}):`);
    for (const p of pending) lines.push(`    ${p}`);
  }
  throw new Error(lines.join("\n"));
}

/**
 * Opts the calling test file (or describe block) into strict GitHub faking: state is reset
 * before each test and {@link assertGitHubClean} runs after it. Call at the top level of
 * the test file or inside a `describe`.
 */
export function useStrictGitHub(): void {
  beforeEach(resetGitHubMock);
  // Vitest runs after-hooks in reverse order, so this sees interceptors before the global
  // `nock.cleanAll()` in test/setup.ts removes them. When it throws, Vitest skips the
  // remaining after-hooks, so clean up here or the leftovers fail every later test too.
  afterEach(() => {
    try {
      assertGitHubClean();
    } finally {
      nock.cleanAll();
    }
  });
}

function formatEntry(entry: GitHubViolation): string[] {
  const operation = entry.operationId ? ` (${entry.operationId})` : "";
  const lines = [`    ${entry.method} ${entry.url}${operation}`];
  if (entry.body !== undefined) lines.push(`      body: ${truncate(JSON.stringify(entry.body), 300)}`);
  for (const problem of entry.problems) lines.push(`      - ${problem}`);
  return lines;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function isGitHub(hostname: string, path: string): boolean {
  return hostname === "api.github.com" || state.hosts.has(hostname) || path === "/api/v3" || path.startsWith("/api/v3/");
}

function parseBody(raw: unknown): unknown {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function record(method: string, hostname: string, protocol: string, path: string, rawBody: unknown): GitHubViolation {
  const url = `${protocol}//${hostname}${path}`;
  const body = parseBody(rawBody);
  const { operation, problems } = inspectGitHubRequest({ method, url, body });
  return { method: method.toUpperCase(), url, path, body, operationId: operation?.operationId, problems };
}

type ScopePrototype = { emit: (event: string | symbol, ...args: unknown[]) => boolean; [STATE_KEY]?: MockState };

interface InterceptedRequestLike {
  method?: string;
  path?: string;
  options?: { hostname?: string; protocol?: string };
}

interface NoMatchOptionsLike {
  method?: string;
  path?: string;
  hostname?: string;
  host?: string;
  proto?: string;
  protocol?: string;
}

function installHooks(): MockState {
  // nock emits "request" per scope only. To see requests of EVERY scope - including ones
  // a test built with plain `nock(...)` - wrap `emit` on the shared Scope prototype.
  // Creating a scope without interceptors registers nothing with nock.
  const proto = Object.getPrototypeOf(nock(GITHUB_API_URL)) as ScopePrototype;
  const existing = proto[STATE_KEY];
  if (existing) return existing;

  const shared: MockState = { hosts: new Set(), requests: [], violations: [], unmatched: [] };
  Object.defineProperty(proto, STATE_KEY, { value: shared, enumerable: false });

  const originalEmit = proto.emit;
  Object.defineProperty(proto, "emit", {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function emit(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
      if (event === "request") guard(shared, () => onIntercepted(shared, args));
      return originalEmit.call(this, event, ...args);
    },
  });

  nock.emitter.on("no match", (...args: unknown[]) => guard(shared, () => onNoMatch(shared, args)));
  return shared;
}

/** A throw inside nock's emit would wedge the faked request; surface it as a violation instead. */
function guard(shared: MockState, check: () => void): void {
  try {
    check();
  } catch (error) {
    shared.violations.push({
      method: "?",
      url: "?",
      path: "?",
      body: undefined,
      operationId: undefined,
      problems: [`github-mock could not check a request: ${error instanceof Error ? error.stack : String(error)}`],
    });
  }
}

function onIntercepted(shared: MockState, [req, interceptor, body]: unknown[]): void {
  const request = req as InterceptedRequestLike;
  const basePath = (interceptor as { basePath?: unknown } | undefined)?.basePath;
  const base = typeof basePath === "string" ? new URL(basePath) : undefined;
  const hostname = request.options?.hostname ?? base?.hostname;
  const path = request.path ?? "/";
  if (hostname === undefined || !isGitHub(hostname, path)) return;

  const entry = record(request.method ?? "GET", hostname, request.options?.protocol ?? base?.protocol ?? "https:", path, body);
  const { problems, ...logged } = entry;
  shared.requests.push(logged);
  if (problems.length > 0) shared.violations.push(entry);
}

function onNoMatch(shared: MockState, args: unknown[]): void {
  // nock emits "no match" as (options) when the host has no interceptors at all,
  // as (req, options, body) when its interceptors did not match, and as (req) for
  // allowUnmocked scopes; only the first two carry the host, which is what we need.
  const options = (args.length >= 2 ? args[1] : args[0]) as NoMatchOptionsLike | undefined;
  const hostname = options?.hostname ?? options?.host?.replace(/:\d+$/, "");
  const path = options?.path ?? "/";
  if (hostname === undefined || !isGitHub(hostname, path)) return;

  const protocol = options?.protocol ?? (options?.proto ? `${options.proto}:` : "https:");
  shared.unmatched.push(record(options?.method ?? "GET", hostname, protocol, path, args[2]));
}
