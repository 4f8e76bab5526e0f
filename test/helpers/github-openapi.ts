import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Checks a request against GitHub's published REST description (@octokit/openapi,
 * `generated/api.github.com.json`), so a faked GitHub cannot silently accept a request
 * the real API would reject with 404/422.
 *
 * The description is ~13 MB; it is parsed and indexed on first use and then reused for
 * every check in the process (tests call this for every intercepted request).
 */

/** The subset of JSON Schema (OpenAPI 3.0 dialect) that GitHub's request descriptions use. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  minProperties?: number;
  maxProperties?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  not?: Schema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
}

interface Parameter {
  $ref?: string;
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  description?: string;
  schema?: Schema;
  "x-multi-segment"?: boolean;
}

interface MediaType {
  schema?: Schema;
}

interface RequestBody {
  $ref?: string;
  required?: boolean;
  content?: Record<string, MediaType>;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: RequestBody;
}

type PathItem = Partial<Record<HttpMethod, Operation>> & { parameters?: Parameter[] };

interface OpenApiDocument {
  paths: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];

export interface GitHubRequestToCheck {
  method: string;
  /** Absolute URL or a path (with optional query); `/api/v3` (GHES) prefixes are ignored. */
  url: string;
  /** Parsed JSON, JSON text, or undefined/"" for no body. */
  body?: unknown;
}

export interface GitHubOperationMatch {
  operationId: string;
  method: string;
  /** The description's path template, e.g. `/repos/{owner}/{repo}/check-runs`. */
  pathTemplate: string;
  /** Decoded path parameter values by name. */
  pathParams: Record<string, string>;
}

export interface GitHubRequestInspection {
  /** The operation the request was checked against; undefined when no operation fits. */
  operation: GitHubOperationMatch | undefined;
  /** Human-readable violations; empty when the request conforms. */
  problems: string[];
}

/** Returns every way the request violates GitHub's REST description; empty when it conforms. */
export function checkGitHubRequest(request: GitHubRequestToCheck): string[] {
  return inspectGitHubRequest(request).problems;
}

/** Like {@link checkGitHubRequest} but also says which operation the request was matched to. */
function inspectGraphqlRequest(request: GitHubRequestToCheck): GitHubRequestInspection {
  const problems: string[] = [];
  if (request.method.toUpperCase() !== "POST") problems.push(`GraphQL takes POST, not ${request.method.toUpperCase()}`);
  let body: unknown = request.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      problems.push("the GraphQL body is not JSON");
    }
  }
  const envelope = body as { query?: unknown; variables?: unknown } | undefined;
  if (!envelope || typeof envelope.query !== "string" || envelope.query.trim() === "") problems.push("a GraphQL request needs a `query` string");
  if (envelope?.variables !== undefined && (typeof envelope.variables !== "object" || envelope.variables === null)) {
    problems.push("GraphQL `variables` must be an object");
  }
  return { operation: { operationId: "graphql", method: "post", pathTemplate: "/graphql", pathParams: {} }, problems };
}

export function inspectGitHubRequest(request: GitHubRequestToCheck): GitHubRequestInspection {
  const index = getIndex();
  const url = new URL(request.url, "https://api.github.com");
  const path = stripGhesPrefix(url.pathname);
  const method = request.method.toLowerCase();
  const requestLine = `${request.method.toUpperCase()} ${path}`;

  // GraphQL has one endpoint and no REST description: check the envelope GitHub requires.
  if (path === "/graphql") return inspectGraphqlRequest(request);

  const candidates = index.match(path);
  if (candidates.length === 0) {
    return { operation: undefined, problems: [`no GitHub REST operation matches ${requestLine}`] };
  }

  const withMethod = candidates.filter((c) => index.operation(c.template, method) !== undefined);
  if (withMethod.length === 0) {
    const best = candidates[0]!;
    const allowed = HTTP_METHODS.filter((m) => index.operation(best.template, m) !== undefined);
    return {
      operation: undefined,
      problems: [
        `no GitHub REST operation for ${requestLine}: ${best.template} only supports ${allowed
          .map((m) => m.toUpperCase())
          .join(", ")}`,
      ],
    };
  }

  // Several templates can fit one path (`/issues/comments` vs `/issues/{issue_number}`);
  // prefer the most literal one whose path parameters are also valid.
  let chosen: { op: CompiledOperation; params: Record<string, string>; problems: string[] } | undefined;
  for (const candidate of withMethod) {
    const op = index.operation(candidate.template, method)!;
    const params = Object.fromEntries(op.pathParamNames.map((name, i) => [name, candidate.captures[i] ?? ""]));
    const problems = checkPathParams(index, op, params);
    if (problems.length === 0 || chosen === undefined) chosen = { op, params, problems };
    if (problems.length === 0) break;
  }
  const { op, params } = chosen!;
  const problems = [...chosen!.problems, ...checkQuery(index, op, url.searchParams), ...checkBody(index, op, request.body)];

  return {
    operation: { operationId: op.operationId, method: method.toUpperCase(), pathTemplate: op.pathTemplate, pathParams: params },
    problems,
  };
}

/** The operation a method + URL resolves to, ignoring parameter and body validity. */
export function matchGitHubOperation(method: string, url: string): GitHubOperationMatch | undefined {
  return inspectGitHubRequest({ method, url }).operation;
}

/**
 * Validates a value against a schema from the description (`$ref`s into `components` are
 * resolved). Exposed for tests that want to check e.g. a webhook-derived object directly.
 */
export function validateAgainstGitHubSchema(schema: Schema, value: unknown, at = "value"): string[] {
  const problems: string[] = [];
  validate(getIndex(), schema, value, at, problems);
  return problems;
}

/** Resolves `#/components/schemas/<name>` for use with {@link validateAgainstGitHubSchema}. */
export function githubComponentSchema(name: string): Schema {
  const schema = getIndex().document.components["schemas"]?.[name];
  if (schema === undefined) throw new Error(`GitHub's REST description has no components/schemas/${name}`);
  return schema as Schema;
}

function stripGhesPrefix(pathname: string): string {
  if (pathname === "/api/v3") return "/";
  return pathname.startsWith("/api/v3/") ? pathname.slice("/api/v3".length) : pathname;
}

// ---------------------------------------------------------------------------------------
// Index: a segment trie over all path templates, plus lazily compiled operations.

interface CompiledOperation {
  operationId: string;
  pathTemplate: string;
  /** Path parameter names in template order, so trie captures can be named. */
  pathParamNames: string[];
  pathParams: Map<string, Parameter>;
  queryParams: Map<string, Parameter>;
  body: RequestBody | undefined;
}

interface TrieNode {
  literal: Map<string, TrieNode>;
  /** Segments like `{base}...{head}` that mix literals and parameters. */
  patterns: { regex: RegExp; node: TrieNode }[];
  param?: TrieNode;
  /** Parameters flagged `x-multi-segment` (e.g. `{path}`, `{ref}`, `{branch}`) span 1+ segments. */
  multi?: TrieNode;
  templates: string[];
}

interface TemplateMatch {
  template: string;
  captures: string[];
}

class GitHubOpenApiIndex {
  private readonly root: TrieNode = newNode();
  private readonly compiled = new Map<string, CompiledOperation | null>();
  private readonly refs = new Map<string, unknown>();

  constructor(readonly document: OpenApiDocument) {
    for (const [template, item] of Object.entries(document.paths)) {
      const multiSegment = new Set<string>();
      for (const method of HTTP_METHODS) {
        for (const p of item[method]?.parameters ?? []) {
          const param = this.resolve<Parameter>(p);
          if (param.in === "path" && param["x-multi-segment"]) multiSegment.add(param.name);
        }
      }
      this.insert(template, multiSegment);
    }
  }

  resolve<T>(value: T | { $ref: string }): T {
    let current: unknown = value;
    // Refs can chain (a parameter's $ref pointing at another $ref), so follow until concrete.
    for (let hops = 0; hops < 20; hops++) {
      const ref = (current as { $ref?: unknown } | null)?.$ref;
      if (typeof ref !== "string") return current as T;
      current = this.lookup(ref);
    }
    throw new Error(`$ref cycle in GitHub's REST description at ${JSON.stringify(value)}`);
  }

  match(path: string): TemplateMatch[] {
    const segments = path.slice(1).split("/");
    const out: TemplateMatch[] = [];
    collect(this.root, segments, 0, [], out);
    return out;
  }

  operation(template: string, method: string): CompiledOperation | undefined {
    const key = `${method} ${template}`;
    let op = this.compiled.get(key);
    if (op === undefined) {
      op = this.compile(template, method);
      this.compiled.set(key, op);
    }
    return op ?? undefined;
  }

  private compile(template: string, method: string): CompiledOperation | null {
    const item = this.document.paths[template];
    const raw = (HTTP_METHODS as readonly string[]).includes(method) ? item?.[method as HttpMethod] : undefined;
    if (item === undefined || raw === undefined) return null;
    const pathParams = new Map<string, Parameter>();
    const queryParams = new Map<string, Parameter>();
    // Operation-level parameters override path-item-level ones with the same name+location.
    for (const p of [...(item.parameters ?? []), ...(raw.parameters ?? [])]) {
      const param = this.resolve<Parameter>(p);
      if (param.in === "path") pathParams.set(param.name, param);
      if (param.in === "query") queryParams.set(param.name, param);
    }
    return {
      operationId: raw.operationId ?? `${method.toUpperCase()} ${template}`,
      pathTemplate: template,
      pathParamNames: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
      pathParams,
      queryParams,
      body: raw.requestBody === undefined ? undefined : this.resolve<RequestBody>(raw.requestBody),
    };
  }

  private lookup(ref: string): unknown {
    if (this.refs.has(ref)) return this.refs.get(ref);
    if (!ref.startsWith("#/")) throw new Error(`unsupported external $ref ${ref}`);
    let node: unknown = this.document;
    for (const token of ref.slice(2).split("/")) {
      const key = decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~");
      node = (node as Record<string, unknown> | undefined)?.[key];
    }
    if (node === undefined) throw new Error(`unresolvable $ref ${ref} in GitHub's REST description`);
    this.refs.set(ref, node);
    return node;
  }

  private insert(template: string, multiSegment: Set<string>): void {
    let node = this.root;
    for (const segment of template.slice(1).split("/")) {
      const whole = /^\{([^}]+)\}$/.exec(segment);
      if (whole) {
        const key = multiSegment.has(whole[1]!) ? "multi" : "param";
        node = node[key] ??= newNode();
      } else if (segment.includes("{")) {
        const source = segment
          .split(/\{[^}]+\}/)
          .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join("([^/]+?)");
        let entry = node.patterns.find((p) => p.regex.source === `^${source}$`);
        if (!entry) node.patterns.push((entry = { regex: new RegExp(`^${source}$`), node: newNode() }));
        node = entry.node;
      } else {
        let next = node.literal.get(segment);
        if (!next) node.literal.set(segment, (next = newNode()));
        node = next;
      }
    }
    node.templates.push(template);
  }
}

function newNode(): TrieNode {
  return { literal: new Map(), patterns: [], templates: [] };
}

/** Depth-first, most specific edge first, so earlier results are the better matches. */
function collect(node: TrieNode, segments: string[], i: number, captures: string[], out: TemplateMatch[]): void {
  if (i === segments.length) {
    for (const template of node.templates) out.push({ template, captures });
    return;
  }
  const segment = segments[i]!;
  const literal = node.literal.get(segment);
  if (literal) collect(literal, segments, i + 1, captures, out);
  for (const { regex, node: next } of node.patterns) {
    const m = regex.exec(segment);
    if (m) collect(next, segments, i + 1, [...captures, ...m.slice(1).map(decodeSegment)], out);
  }
  if (segment === "") return; // a parameter never matches an empty segment (`/repos//x`)
  if (node.param) collect(node.param, segments, i + 1, [...captures, decodeSegment(segment)], out);
  if (node.multi) {
    // Shortest span first, so `/branches/{branch}/protection` beats `{branch}` = "x/protection".
    for (let end = i + 1; end <= segments.length; end++) {
      if (segments[end - 1] === "") break;
      const value = segments.slice(i, end).map(decodeSegment).join("/");
      collect(node.multi, segments, end, [...captures, value], out);
    }
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

let cachedIndex: GitHubOpenApiIndex | undefined;

function getIndex(): GitHubOpenApiIndex {
  if (cachedIndex === undefined) {
    const require = createRequire(import.meta.url);
    const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
    cachedIndex = new GitHubOpenApiIndex(JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument);
  }
  return cachedIndex;
}

// ---------------------------------------------------------------------------------------
// Parameters

function checkPathParams(index: GitHubOpenApiIndex, op: CompiledOperation, values: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const param = op.pathParams.get(name);
    if (param?.schema === undefined) continue;
    for (const p of validateParamString(index, param, value)) {
      problems.push(`path parameter ${name}=${JSON.stringify(value)}: ${p}`);
    }
  }
  return problems;
}

function checkQuery(index: GitHubOpenApiIndex, op: CompiledOperation, search: URLSearchParams): string[] {
  const problems: string[] = [];
  for (const name of new Set(search.keys())) {
    const param = op.queryParams.get(name);
    if (param === undefined) {
      const known = [...op.queryParams.keys()];
      problems.push(
        `unknown query parameter "${name}" (${op.operationId} accepts ${known.length ? known.join(", ") : "none"})`,
      );
      continue;
    }
    const values = search.getAll(name);
    const schema = param.schema ? index.resolve(param.schema) : undefined;
    if (values.length > 1 && !typeIncludes(schema, "array")) {
      problems.push(`query parameter "${name}" given ${values.length} times but takes a single value`);
    }
    for (const value of values) {
      for (const p of validateParamString(index, param, value)) {
        problems.push(`query parameter ${name}=${JSON.stringify(value)}: ${p}`);
      }
    }
  }
  for (const [name, param] of op.queryParams) {
    if (param.required && !search.has(name)) problems.push(`missing required query parameter "${name}"`);
  }
  return problems;
}

/** Parameters arrive as strings; coerce per the declared type before validating. */
function validateParamString(index: GitHubOpenApiIndex, param: Parameter, raw: string): string[] {
  if (param.schema === undefined) return [];
  let schema = index.resolve(param.schema);
  const proseMaximum = /\(max (\d+)\)/.exec(param.description ?? "");
  if (proseMaximum && schema.maximum === undefined && typeIncludes(schema, "integer")) {
    // GitHub states most page-size caps ("(max 100)") only in the parameter's prose;
    // the real API rejects or clamps larger values, so the prose is part of the contract.
    schema = { ...schema, maximum: Number(proseMaximum[1]) };
  }
  return validateString(index, schema, raw);
}

function validateString(index: GitHubOpenApiIndex, schemaOrRef: Schema, raw: string): string[] {
  const schema = index.resolve(schemaOrRef);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    const results = alternatives.map((alt) => validateString(index, alt, raw));
    return results.some((r) => r.length === 0) ? [] : [`matches none of the allowed forms (${results.map((r) => r[0]).join("; ")})`];
  }
  if (typeIncludes(schema, "array")) {
    // Octokit serialises array query values as a comma-separated list.
    const itemSchema = schema.items ?? {};
    return raw.split(",").flatMap((item) => validateString(index, itemSchema, item));
  }
  let value: unknown = raw;
  if (typeIncludes(schema, "integer") || typeIncludes(schema, "number")) {
    const pattern = typeIncludes(schema, "integer") ? /^-?\d+$/ : /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
    if (!pattern.test(raw)) return [`must be ${typeIncludes(schema, "integer") ? "an integer" : "a number"}`];
    value = Number(raw);
  } else if (typeIncludes(schema, "boolean")) {
    if (raw !== "true" && raw !== "false") return ["must be true or false"];
    value = raw === "true";
  }
  const problems: string[] = [];
  validate(index, schema, value, "", problems);
  return problems.map((p) => p.replace(/^: /, ""));
}

function typeIncludes(schema: Schema | undefined, type: string): boolean {
  const t = schema?.type;
  return Array.isArray(t) ? t.includes(type) : t === type;
}

// ---------------------------------------------------------------------------------------
// Body

function checkBody(index: GitHubOpenApiIndex, op: CompiledOperation, body: unknown): string[] {
  // Octokit sends "" for PUT/PATCH without parameters; that is "no body", not a JSON string.
  const absent = body === undefined || body === null || body === "" || (body instanceof Uint8Array && body.length === 0);
  if (op.body === undefined) {
    return absent ? [] : [`${op.operationId} takes no request body, but one was sent`];
  }
  if (absent) return op.body.required ? [`${op.operationId} requires a request body`] : [];

  const json = op.body.content?.["application/json"];
  // Non-JSON bodies (markdown text, release-asset bytes) have no schema worth checking.
  if (json === undefined) return [];

  let value = body;
  if (typeof body === "string" || body instanceof Uint8Array) {
    const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
    try {
      value = JSON.parse(text);
    } catch {
      return [`body is not JSON (${op.operationId} expects application/json): ${text.slice(0, 80)}`];
    }
  }
  const problems: string[] = [];
  if (json.schema) validate(index, json.schema, value, "body", problems);
  return problems;
}

// ---------------------------------------------------------------------------------------
// A small JSON Schema validator for the keywords GitHub's request descriptions use.
// `format`, `readOnly`, `example`, `default` are annotations here and deliberately ignored.

function validate(index: GitHubOpenApiIndex, schemaOrRef: Schema, value: unknown, at: string, problems: string[]): void {
  const schema = index.resolve(schemaOrRef);

  if (value === null) {
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
    if (schema.nullable === true || types.includes("null")) return;
    if (types.length > 0) {
      problems.push(`${at}: must be ${types.join(" or ")}, got null`);
      return;
    }
  }

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t))) {
      problems.push(`${at}: must be ${types.join(" or ")}, got ${describeType(value)}`);
      return; // further keywords would only repeat the same mistake
    }
  }

  if (schema.enum !== undefined && !schema.enum.some((allowed) => deepEqual(allowed, value))) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  }
  if ("const" in schema && !deepEqual(schema.const, value)) {
    problems.push(`${at}: must equal ${JSON.stringify(schema.const)}`);
  }

  if (typeof value === "string") {
    const length = [...value].length; // JSON Schema counts code points, not UTF-16 units
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      problems.push(`${at}: longer than maxLength ${schema.maxLength} (${length})`);
    }
    if (schema.minLength !== undefined && length < schema.minLength) {
      problems.push(`${at}: shorter than minLength ${schema.minLength} (${length})`);
    }
    if (schema.pattern !== undefined) {
      const regex = compilePattern(schema.pattern);
      if (regex && !regex.test(value)) problems.push(`${at}: ${JSON.stringify(value)} does not match /${schema.pattern}/`);
    }
  }

  if (typeof value === "number") {
    if (schema.maximum !== undefined) {
      if (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum) {
        problems.push(`${at}: ${value} must be ${schema.exclusiveMaximum === true ? "<" : "<="} ${schema.maximum}`);
      }
    }
    if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) {
      problems.push(`${at}: ${value} must be < ${schema.exclusiveMaximum}`);
    }
    if (schema.minimum !== undefined) {
      if (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum) {
        problems.push(`${at}: ${value} must be ${schema.exclusiveMinimum === true ? ">" : ">="} ${schema.minimum}`);
      }
    }
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) {
      problems.push(`${at}: ${value} must be > ${schema.exclusiveMinimum}`);
    }
  }

  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      problems.push(`${at}: more than maxItems ${schema.maxItems} (${value.length})`);
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      problems.push(`${at}: fewer than minItems ${schema.minItems} (${value.length})`);
    }
    if (schema.uniqueItems === true) {
      const seen = new Set(value.map((v) => JSON.stringify(v)));
      if (seen.size !== value.length) problems.push(`${at}: items must be unique`);
    }
    if (schema.items !== undefined) {
      value.forEach((item, i) => validate(index, schema.items!, item, `${at}[${i}]`, problems));
    }
  }

  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    for (const name of schema.required ?? []) {
      if (!(name in value)) problems.push(`${at}: missing required property "${name}"`);
    }
    for (const key of keys) {
      const propertySchema = schema.properties?.[key];
      if (propertySchema !== undefined) {
        validate(index, propertySchema, value[key], `${at}.${key}`, problems);
      } else if (schema.additionalProperties === false) {
        const allowed = Object.keys(schema.properties ?? {});
        problems.push(`${at}: unexpected property "${key}" (allowed: ${allowed.join(", ") || "none"})`);
      } else if (typeof schema.additionalProperties === "object") {
        validate(index, schema.additionalProperties, value[key], `${at}.${key}`, problems);
      }
    }
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
      problems.push(`${at}: more than maxProperties ${schema.maxProperties}`);
    }
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
      problems.push(`${at}: fewer than minProperties ${schema.minProperties}`);
    }
  }

  for (const sub of schema.allOf ?? []) validate(index, sub, value, at, problems);

  if (schema.anyOf !== undefined) {
    const results = schema.anyOf.map((sub) => collectProblems(index, sub, value, at));
    if (!results.some((r) => r.length === 0)) problems.push(noAlternative("anyOf", at, results));
  }
  if (schema.oneOf !== undefined) {
    const results = schema.oneOf.map((sub) => collectProblems(index, sub, value, at));
    const passing = results.filter((r) => r.length === 0).length;
    if (passing === 0) problems.push(noAlternative("oneOf", at, results));
    if (passing > 1) problems.push(`${at}: matches ${passing} of the oneOf alternatives, but must match exactly one`);
  }
  if (schema.not !== undefined && collectProblems(index, schema.not, value, at).length === 0) {
    problems.push(`${at}: must not match the "not" schema`);
  }
}

function collectProblems(index: GitHubOpenApiIndex, schema: Schema, value: unknown, at: string): string[] {
  const problems: string[] = [];
  validate(index, schema, value, at, problems);
  return problems;
}

/** Reports the closest alternative's problems: usually the one the caller meant. */
function noAlternative(keyword: string, at: string, results: string[][]): string {
  const closest = results.reduce((best, r) => (r.length < best.length ? r : best));
  return `${at}: matches none of the ${results.length} ${keyword} alternatives; closest fails with: ${closest.join("; ")}`;
}

const patternCache = new Map<string, RegExp | null>();

function compilePattern(pattern: string): RegExp | null {
  if (!patternCache.has(pattern)) {
    let regex: RegExp | null = null;
    try {
      regex = new RegExp(pattern, "u");
    } catch {
      // A pattern JavaScript cannot compile cannot be checked; skipping beats a false failure.
    }
    patternCache.set(pattern, regex);
  }
  return patternCache.get(pattern)!;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "array":
      return Array.isArray(value);
    case "object":
      return isPlainObject(value);
    default:
      return true;
  }
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
