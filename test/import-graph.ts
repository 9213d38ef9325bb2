import fs from "node:fs";
import path from "node:path";

import ts from "typescript";

/**
 * The import graph of the project's own modules, for the no-cycles check (ADR 0026). Every edge
 * counts: static imports, `import type` (an arrow pointing the wrong way even when erased), re-exports
 * and `await import("…")` (a lazy import still ties the two modules together; it only hides the ring
 * until run time).
 */
export type ImportGraph = Map<string, Set<string>>;

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mjs", ".js"];

export function importGraph(root: string, dirs: string[]): ImportGraph {
  const files = dirs.flatMap((dir) => sourceFiles(root, dir));
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const imports = new Set<string>();
    for (const specifier of importSpecifiers(file, text)) {
      const target = resolveSpecifier(file, specifier, known);
      if (target) imports.add(target);
    }
    graph.set(file, imports);
  }
  return graph;
}

function sourceFiles(root: string, dir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), {
      withFileTypes: true,
    })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(child);
      } else if (
        SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) &&
        !entry.name.endsWith(".d.ts")
      ) {
        found.push(child);
      }
    }
  };
  walk(dir);
  return found;
}

export function importSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      specifiers.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** `~/x` is app/x (tsconfig paths); packages and node: modules are not ours and end no cycle. */
function resolveSpecifier(
  from: string,
  specifier: string,
  known: Set<string>,
): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = `app/${specifier.slice(2)}`;
  else if (specifier.startsWith("."))
    base = path.posix.join(path.posix.dirname(from), specifier);
  else return null;
  const candidates = [
    base,
    ...[".ts", ".tsx"].map((ext) => base.replace(/\.m?js$/, ext)),
    ...SOURCE_EXTENSIONS.map((ext) => base + ext),
    ...SOURCE_EXTENSIONS.map((ext) => `${base}/index${ext}`),
  ];
  return candidates.find((candidate) => known.has(candidate)) ?? null;
}

/**
 * The import rings: strongly connected components of more than one module, or a module importing
 * itself (Tarjan's algorithm), each sorted, the list sorted by its first module.
 */
export function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const rings: string[][] = [];
  const connect = (module: string) => {
    index.set(module, counter);
    lowLink.set(module, counter);
    counter++;
    stack.push(module);
    onStack.add(module);
    for (const target of graph.get(module) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        connect(target);
        lowLink.set(
          module,
          Math.min(lowLink.get(module)!, lowLink.get(target)!),
        );
      } else if (onStack.has(target)) {
        lowLink.set(module, Math.min(lowLink.get(module)!, index.get(target)!));
      }
    }
    if (lowLink.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    if (component.length > 1 || graph.get(module)!.has(module))
      rings.push(component.sort());
  };
  for (const module of graph.keys()) if (!index.has(module)) connect(module);
  return rings.sort((a, b) => a[0].localeCompare(b[0]));
}

/** A ring as its members and the imports between them, for a failure message a reader can act on. */
export function describeCycle(graph: ImportGraph, ring: string[]): string {
  return ring
    .map(
      (module) =>
        `${module} → ${[...(graph.get(module) ?? [])].filter((target) => ring.includes(target)).join(", ")}`,
    )
    .join("\n");
}
