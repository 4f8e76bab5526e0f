import ts from "typescript";

/** Where code that must run just before an expression can go. */
export type GuardAnchor =
  /** Before a statement that sits in a statement list (block, file, case clause). */
  | { kind: "before"; statement: ts.Statement }
  /** A statement that is the whole body of an `if` / loop / label: it must be wrapped in a block first. */
  | { kind: "wrap"; statement: ts.Statement }
  /** The expression body of an arrow function: it must become a block that returns the expression. */
  | { kind: "arrow-body"; arrow: ts.ArrowFunction };

const isStatementList = (node: ts.Node): boolean =>
  ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node);

/**
 * The nearest place before `node` where a guard statement runs in the same scope and iteration as
 * `node`: never outside the function, loop body or branch that contains it, so names bound there
 * (loop variables, callback parameters) are still in scope and the guard runs exactly when `node` does.
 * Null when `node` is in a position no statement can precede (a class field initializer, a parameter default).
 * With `outOfBranches`, a lone statement under an `if` is guarded before the `if` instead of being
 * wrapped in a block: right for checks that only refuse bad input, wrong for code that must not run.
 */
export function guardAnchorFor(node: ts.Node, options: { outOfBranches?: boolean } = {}): GuardAnchor | null {
  let child: ts.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (ts.isArrowFunction(current) && current.body === child && !ts.isBlock(child)) return { kind: "arrow-body", arrow: current };
    if (ts.isFunctionLike(current) || ts.isClassLike(current)) return null;
    if (ts.isStatement(child) && !ts.isBlock(child)) {
      if (isStatementList(current)) return { kind: "before", statement: child };
      // A check that only ever refuses bad input may run whether or not the branch is taken.
      if (options.outOfBranches && ts.isIfStatement(current)) continue;
      // The statement is the body (or branch) of `current`: hoisting above `current` would run the
      // guard outside that loop iteration or branch, so the body has to become a block.
      if (
        ts.isIfStatement(current) ||
        ts.isIterationStatement(current, false) ||
        ts.isLabeledStatement(current) ||
        ts.isWithStatement(current)
      ) {
        return { kind: "wrap", statement: child };
      }
    }
    // Conditions and headers of loops run at other times than their bodies.
    if (ts.isIterationStatement(current, false) && child !== (current as ts.IterationStatement).statement) return null;
  }
  return null;
}
