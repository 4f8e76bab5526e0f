import ts from "typescript";

/** Where a name used in the code was declared, as far as one file can tell. */
export interface Binding {
  kind: "variable" | "parameter" | "function" | "class" | "import";
  /** `const`, `let` or `var` for variables. */
  flags: "const" | "let" | "var" | null;
  declaration: ts.Node;
  /**
   * The value the name starts with: a variable's initializer, or for a destructured name
   * (`const { q } = req.query`) the object it was taken from.
   */
  initializer: ts.Expression | null;
  destructured: boolean;
  /** Right-hand sides of later `name = …` / `name += …` assignments in the same scope. */
  assignments: ts.Expression[];
}

/**
 * Resolves an identifier to its declaration by walking the enclosing scopes outwards. Only the
 * declaration forms recipes reason about are understood; null means "not found here" (a global,
 * a `var` hoisted out of a nested block, or another file), never a guess.
 */
export function findBinding(identifier: ts.Identifier): Binding | null {
  const name = identifier.text;
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    const found = declarationIn(scope, name);
    if (found) return { ...found, assignments: assignmentsIn(scope, name) };
  }
  return null;
}

type Declared = Omit<Binding, "assignments">;

function declarationIn(scope: ts.Node, name: string): Declared | null {
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
    for (const statement of scope.statements) {
      const found = declarationInStatement(statement, name);
      if (found) return found;
    }
  }
  if (ts.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) {
      if (bindsName(parameter.name, name)) {
        return { kind: "parameter", flags: null, declaration: parameter, initializer: null, destructured: !ts.isIdentifier(parameter.name) };
      }
    }
    if ((ts.isFunctionExpression(scope) || ts.isFunctionDeclaration(scope)) && scope.name?.text === name) {
      return { kind: "function", flags: null, declaration: scope, initializer: null, destructured: false };
    }
  }
  if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    for (const declaration of scope.initializer.declarations) {
      if (bindsName(declaration.name, name)) return variable(declaration, scope.initializer);
    }
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration && bindsName(scope.variableDeclaration.name, name)) {
    return { kind: "variable", flags: "let", declaration: scope.variableDeclaration, initializer: null, destructured: false };
  }
  return null;
}

function declarationInStatement(statement: ts.Statement, name: string): Declared | null {
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      if (bindsName(declaration.name, name)) return variable(declaration, statement.declarationList);
    }
  }
  if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) {
    return { kind: "function", flags: null, declaration: statement, initializer: null, destructured: false };
  }
  if (ts.isClassDeclaration(statement) && statement.name?.text === name) {
    return { kind: "class", flags: null, declaration: statement, initializer: null, destructured: false };
  }
  if (ts.isImportDeclaration(statement) && statement.importClause) {
    const clause = statement.importClause;
    const bindings = clause.namedBindings;
    const named =
      clause.name?.text === name ||
      (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) ||
      (bindings && ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === name));
    if (named) return { kind: "import", flags: null, declaration: statement, initializer: null, destructured: false };
  }
  return null;
}

function variable(declaration: ts.VariableDeclaration, list: ts.VariableDeclarationList): Declared {
  const flags = list.flags & ts.NodeFlags.Const ? "const" : list.flags & ts.NodeFlags.Let ? "let" : "var";
  return { kind: "variable", flags, declaration, initializer: declaration.initializer ?? null, destructured: !ts.isIdentifier(declaration.name) };
}

function bindsName(pattern: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(pattern)) return pattern.text === name;
  return pattern.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, name));
}

function assignmentsIn(scope: ts.Node, name: string): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      ts.isIdentifier(node.left) &&
      node.left.text === name &&
      (node.operatorToken.kind === ts.SyntaxKind.EqualsToken || node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken)
    ) {
      found.push(node.right);
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}
