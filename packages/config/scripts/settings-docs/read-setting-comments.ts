import ts from 'typescript';

/** Options the service sources compile with, so `@vigil/config` resolves to its source. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2023,
  allowImportingTsExtensions: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

/** What the source says about one setting: its doc comment, if it has one. */
export interface SettingComment {
  name: string;
  /** The `/** … *\/` text of the property, on one line; undefined when it has none. */
  doc: string | undefined;
}

/** The JSDoc of a node on one line (the comment's own line breaks are only wrapping). */
function docOf(node: ts.Node): string | undefined {
  const text = ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
    .join(' ');
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine === '' ? undefined : oneLine;
}

/** `z.object({...}).refine(...)` → the object literal handed to `z.object`. */
function findObjectLiteral(expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  if (ts.isObjectLiteralExpression(expression)) return expression;
  if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression)) {
    return findObjectLiteral(expression.expression);
  }
  if (!ts.isCallExpression(expression)) return undefined;
  const callee = expression.expression;
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'object') {
    const [shape] = expression.arguments;
    return shape === undefined ? undefined : findObjectLiteral(shape);
  }
  // A method on the object schema (`.refine`, `.superRefine`, …): the object is its receiver.
  return ts.isPropertyAccessExpression(callee) ? findObjectLiteral(callee.expression) : undefined;
}

/** The initializer an identifier (local or imported, through re-exports) stands for. */
function initializerOf(
  identifier: ts.Expression,
  checker: ts.TypeChecker,
): ts.Expression | undefined {
  let symbol = checker.getSymbolAtLocation(identifier);
  if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias)
    symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  return declaration !== undefined && ts.isVariableDeclaration(declaration)
    ? declaration.initializer
    : undefined;
}

function collect(
  literal: ts.ObjectLiteralExpression,
  checker: ts.TypeChecker,
  out: Map<string, string | undefined>,
): void {
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = initializerOf(property.expression, checker);
      const inner = spread === undefined ? undefined : findObjectLiteral(spread);
      if (inner === undefined)
        throw new Error(`cannot follow spread ${property.expression.getText()}`);
      collect(inner, checker, out);
    } else if (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) {
      out.set(property.name.getText().replace(/^['"]|['"]$/g, ''), docOf(property));
    }
  }
}

/**
 * Reads the doc comment of every property of the zod object schema declared as `schemaName`
 * in `file`, following spreads such as `...commonEnvShape` into the module that declares them.
 * Types are not checked: the program only binds names, which keeps this fast.
 */
export function readSettingComments(file: string, schemaName: string): SettingComment[] {
  const program = ts.createProgram({ rootNames: [file], options: COMPILER_OPTIONS });
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`cannot read ${file}`);
  const checker = program.getTypeChecker();
  let literal: ts.ObjectLiteralExpression | undefined;
  source.forEachChild(function visit(node) {
    if (literal !== undefined) return;
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText() === schemaName &&
      node.initializer !== undefined
    ) {
      literal = findObjectLiteral(node.initializer);
      return;
    }
    node.forEachChild(visit);
  });
  if (literal === undefined) throw new Error(`${file}: no z.object(...) declared as ${schemaName}`);
  const out = new Map<string, string | undefined>();
  collect(literal, checker, out);
  return [...out].map(([name, doc]) => ({ name, doc }));
}
