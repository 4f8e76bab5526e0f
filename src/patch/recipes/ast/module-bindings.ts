import ts from "typescript";

/** One name a file binds from a module, by `import` or `require`. */
export type ModuleBinding =
  | {
      /** `import * as m`, `import m from`, `import m = require()`, `const m = require()`. */
      kind: "whole";
      module: string;
      name: ts.Identifier;
    }
  | {
      /** `import { a as b }`, `const { a: b } = require()`, `const b = require().a`. */
      kind: "named";
      module: string;
      imported: string;
      name: ts.Identifier;
      /** The `{ … }` list the name sits in, when there is one to extend. */
      list: ts.NamedImports | ts.ObjectBindingPattern | null;
      /** The specifier or binding element itself (null for `require().a`). */
      element: ts.ImportSpecifier | ts.BindingElement | null;
    };

const bare = (module: string): string => module.replace(/^node:/, "");

const requiredModule = (expression: ts.Expression | undefined): string | null => {
  if (
    expression &&
    ts.isCallExpression(expression) &&
    ts.isIdentifier(expression.expression) &&
    expression.expression.text === "require" &&
    expression.arguments.length === 1 &&
    ts.isStringLiteralLike(expression.arguments[0]!)
  ) {
    return bare((expression.arguments[0] as ts.StringLiteralLike).text);
  }
  return null;
};

/**
 * Every binding the file makes from any of `modules` (compared without a `node:` prefix), from
 * top-level imports and from `require` calls anywhere in the file. Type-only imports are left out:
 * they bind no value.
 */
export function moduleBindings(sourceFile: ts.SourceFile, modules: readonly string[]): ModuleBinding[] {
  const wanted = new Set(modules.map(bare));
  const found: ModuleBinding[] = [];

  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = bare(statement.moduleSpecifier.text);
      const clause = statement.importClause;
      if (!wanted.has(module) || !clause || clause.isTypeOnly) continue;
      if (clause.name) found.push({ kind: "whole", module, name: clause.name });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) found.push({ kind: "whole", module, name: bindings.name });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (element.isTypeOnly) continue;
          const imported = (element.propertyName ?? element.name).text;
          found.push({ kind: "named", module, imported, name: element.name, list: bindings, element });
        }
      }
    }
    if (
      ts.isImportEqualsDeclaration(statement) &&
      !statement.isTypeOnly &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression) &&
      wanted.has(bare(statement.moduleReference.expression.text))
    ) {
      found.push({ kind: "whole", module: bare(statement.moduleReference.expression.text), name: statement.name });
    }
  }

  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer) {
      let init = node.initializer;
      while (ts.isParenthesizedExpression(init)) init = init.expression;
      const whole = requiredModule(init);
      if (whole && wanted.has(whole)) {
        if (ts.isIdentifier(node.name)) found.push({ kind: "whole", module: whole, name: node.name });
        if (ts.isObjectBindingPattern(node.name)) {
          for (const element of node.name.elements) {
            if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
            const property = element.propertyName;
            const imported = property ? (ts.isIdentifier(property) || ts.isStringLiteral(property) ? property.text : null) : element.name.text;
            if (imported !== null) {
              found.push({ kind: "named", module: whole, imported, name: element.name, list: node.name, element });
            }
          }
        }
      }
      if (ts.isPropertyAccessExpression(init) && ts.isIdentifier(node.name)) {
        const module = requiredModule(init.expression);
        if (module && wanted.has(module)) {
          found.push({ kind: "named", module, imported: init.name.text, name: node.name, list: null, element: null });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
