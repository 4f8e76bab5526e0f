import { builtinModules } from "node:module";
import ts from "typescript";
import { parseSource, scriptKindOf } from "../recipes/ast/parse-source.js";

export interface ImportedModules {
  /** External modules the file loads, by package (`lodash`, `@scope/pkg`, Python's top-level `requests`). */
  packages: Set<string>;
  /** Loads whose module is computed at run time (`require(name)`, `__import__(x)`): they could be anything. */
  dynamic: number;
  /** Import-looking lines, for languages we do not parse; compared as text. */
  lines: Set<string>;
}

const NODE_BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, "")));

/** Whether a module is part of Node itself (`fs`, `node:crypto`, `fs/promises`): using one adds no dependency. */
function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith("node:")) return true;
  return NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split("/")[0]!);
}

/** Python's standard library (CPython 3.11 `sys.stdlib_module_names`, public names): importing one adds no dependency. */
const PYTHON_STDLIB = new Set(
  `
  abc aifc argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins
  bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall
  concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime
  dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl filecmp
  fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip
  hashlib heapq hmac html http imaplib imghdr imp importlib inspect io ipaddress itertools json keyword
  lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib
  msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os
  ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint
  profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib
  resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtpd smtplib
  sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string
  stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile
  termios textwrap threading time timeit tkinter token tokenize tomllib trace traceback tracemalloc tty
  turtle types typing unicodedata unittest urllib uu uuid venv warnings wave weakref webbrowser winreg
  winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo
  `.trim().split(/\s+/),
);

/**
 * The modules a file imports, so a patch that brings in a new package (an unvetted, possibly
 * fabricated or typosquatted dependency) can be told apart from one that only uses what is there.
 * Relative imports, Node built-ins and Python's standard library are not dependencies and are left out.
 */
export function importedModules(path: string, text: string): ImportedModules {
  if (scriptKindOf(path) !== null) return jsModules(path, text);
  if (/\.pyi?$/i.test(path)) return pythonModules(text);
  return { packages: new Set(), dynamic: 0, lines: importLines(text) };
}

function jsModules(path: string, text: string): ImportedModules {
  const { sourceFile } = parseSource(path, text);
  const packages = new Set<string>();
  let dynamic = 0;
  const add = (node: ts.Node | undefined) => {
    if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
      const pkg = packageOf(node.text);
      if (pkg) packages.add(pkg);
    } else {
      dynamic += 1;
    }
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) add(node.moduleSpecifier);
    else if (ts.isExternalModuleReference(node)) add(node.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      const isRequireResolve = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "require";
      if (isRequire || isRequireResolve || callee.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { packages, dynamic, lines: new Set() };
}

/** `lodash/fp` → `lodash`, `@scope/pkg/x` → `@scope/pkg`; null for relative, absolute and built-in modules. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("#")) return null;
  if (isNodeBuiltin(specifier)) return null;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function pythonModules(text: string): ImportedModules {
  const packages = new Set<string>();
  for (const match of text.matchAll(/^[ \t]*import[ \t]+([^\n#;]+)/gm)) {
    for (const part of match[1]!.split(",")) {
      const name = part.trim().split(/\s+/)[0]!.split(".")[0]!;
      if (name && !PYTHON_STDLIB.has(name)) packages.add(name);
    }
  }
  for (const match of text.matchAll(/^[ \t]*from[ \t]+([\w.]+)[ \t]+import\b/gm)) {
    const name = match[1]!;
    const top = name.split(".")[0]!;
    if (!name.startsWith(".") && !PYTHON_STDLIB.has(top)) packages.add(top);
  }
  const dynamic = (text.match(/\b__import__\s*\(|\bimportlib\.import_module\s*\(/g) ?? []).length;
  return { packages, dynamic, lines: new Set() };
}

function importLines(text: string): Set<string> {
  const lines = new Set<string>();
  for (const match of text.matchAll(/^[ \t]*(?:import\b|using\s|#\s*include\b|use\s|require\b|extern\s+crate\b|load\s*\()[^\n]*/gm)) {
    lines.add(match[0].trim());
  }
  return lines;
}
