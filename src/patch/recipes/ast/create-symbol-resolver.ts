import ts from "typescript";

/** Which declaration an identifier means, and where a binding is read or written, within one file. */
export interface SymbolResolver {
  /** The symbol an identifier refers to (import aliases are not followed), or null when unbound. */
  symbolOf(identifier: ts.Identifier): ts.Symbol | null;
  /** Every identifier in the file that refers to the symbol, declarations included. */
  referencesOf(symbol: ts.Symbol): ts.Identifier[];
  /** References that assign to the binding (`x = …`, `x += …`, `x++`, `for (x of …)`), declarations excluded. */
  writesOf(symbol: ts.Symbol): ts.Identifier[];
  /** The value binding a bare name would resolve to at a location, or null when the name is free there. */
  valueInScope(location: ts.Node, name: string): ts.Symbol | null;
}

/**
 * Binds a single parsed file with the TypeScript checker, without the standard library and without
 * resolving imports (no I/O): enough to tell which declaration each identifier means, which a recipe
 * needs before it trusts a name such as `exec` or `path`.
 */
export function createSymbolResolver(sourceFile: ts.SourceFile): SymbolResolver {
  const fileName = sourceFile.fileName;
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === fileName ? sourceFile : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => undefined,
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (name) => name === fileName,
    readFile: () => undefined,
  };
  const program = ts.createProgram({
    rootNames: [fileName],
    options: { allowJs: true, checkJs: false, noLib: true, noResolve: true, types: [], target: ts.ScriptTarget.Latest },
    host,
  });
  const checker = program.getTypeChecker();

  let identifiers: ts.Identifier[] | null = null;
  const allIdentifiers = (): ts.Identifier[] => {
    if (identifiers) return identifiers;
    const found: ts.Identifier[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) found.push(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    identifiers = found;
    return found;
  };

  // Recipes ask about the same identifiers many times (every reference of every binding they follow).
  const cache = new Map<ts.Identifier, ts.Symbol | null>();
  const symbolOf = (identifier: ts.Identifier): ts.Symbol | null => {
    const cached = cache.get(identifier);
    if (cached !== undefined) return cached;
    // A shorthand property `{ exec }` names both a property and a value; the value is what matters.
    const symbol = ts.isShorthandPropertyAssignment(identifier.parent)
      ? (checker.getShorthandAssignmentValueSymbol(identifier.parent) ?? null)
      : (checker.getSymbolAtLocation(identifier) ?? null);
    cache.set(identifier, symbol);
    return symbol;
  };

  const referencesOf = (symbol: ts.Symbol): ts.Identifier[] =>
    allIdentifiers().filter((id) => id.text === symbol.name && symbolOf(id) === symbol);

  const isDeclarationName = (id: ts.Identifier): boolean => {
    const parent = id.parent;
    return (
      (ts.isVariableDeclaration(parent) ||
        ts.isParameter(parent) ||
        ts.isBindingElement(parent) ||
        ts.isFunctionDeclaration(parent) ||
        ts.isClassDeclaration(parent) ||
        ts.isImportSpecifier(parent) ||
        ts.isImportClause(parent) ||
        ts.isNamespaceImport(parent)) &&
      parent.name === id
    );
  };

  const isWrite = (id: ts.Identifier): boolean => {
    if (isDeclarationName(id)) return false;
    let node: ts.Node = id;
    // `[a, b] = …` and `({ a } = …)` write through array / object literals on the left.
    while (
      ts.isParenthesizedExpression(node.parent) ||
      ts.isArrayLiteralExpression(node.parent) ||
      ts.isShorthandPropertyAssignment(node.parent) ||
      (ts.isPropertyAssignment(node.parent) && node.parent.initializer === node) ||
      ts.isObjectLiteralExpression(node.parent) ||
      ts.isSpreadElement(node.parent) ||
      ts.isSpreadAssignment(node.parent)
    ) {
      node = node.parent;
    }
    const parent = node.parent;
    if (ts.isBinaryExpression(parent) && parent.left === node) {
      const op = parent.operatorToken.kind;
      return op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
    }
    if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && node === id) {
      return parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken;
    }
    if ((ts.isForInStatement(parent) || ts.isForOfStatement(parent)) && parent.initializer === node) return true;
    return false;
  };

  return {
    symbolOf,
    referencesOf,
    writesOf: (symbol) => referencesOf(symbol).filter(isWrite),
    valueInScope: (location, name) =>
      checker
        .getSymbolsInScope(location, ts.SymbolFlags.Value | ts.SymbolFlags.Alias)
        .find((symbol) => symbol.name === name) ?? null,
  };
}
