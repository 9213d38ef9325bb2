import path from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import {
  describeCycle,
  type ImportGraph,
  importCycles,
  importGraph,
  importSpecifiers,
} from "./import-graph";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Rings allowed exactly as they are, each with why (a ring that grows or a new one fails). None
 * today: the last one, periodic-jobs ↔ reconciliation, went with the jobs registry (ADR 0021).
 */
const ALLOWED_CYCLES: string[][] = [];

const isAllowed = (ring: string[]) =>
  ALLOWED_CYCLES.some(
    (allowed) =>
      allowed.length === ring.length &&
      allowed.every((module) => ring.includes(module)),
  );

describe("import cycles", () => {
  it("app/, emulator/ and scripts/ import no module that imports them back", () => {
    const graph = importGraph(ROOT, ["app", "emulator", "scripts"]);
    // The walk found the project (a wrong root would find nothing and pass).
    expect(graph.size).toBeGreaterThan(300);
    expect(graph.get("app/services/worker.server.ts")?.size).toBeGreaterThan(0);
    const rings = importCycles(graph).filter((ring) => !isAllowed(ring));
    expect(
      rings.map((ring) => describeCycle(graph, ring)),
      "Break each ring: move the shared part into a leaf module, or pass the dependency in (ADR 0026)",
    ).toEqual([]);
  });

  it("finds a ring of any length, a module importing itself, and nothing in a tree", () => {
    const graph: ImportGraph = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c", "leaf"])],
      ["c", new Set(["a"])],
      ["self", new Set(["self"])],
      ["leaf", new Set<string>()],
      ["root", new Set(["a", "leaf"])],
    ]);
    expect(importCycles(graph)).toEqual([["a", "b", "c"], ["self"]]);
    expect(describeCycle(graph, ["a", "b", "c"])).toBe("a → b\nb → c\nc → a");
    expect(
      importCycles(
        new Map([
          ["x", new Set(["y"])],
          ["y", new Set<string>()],
        ]),
      ),
    ).toEqual([]);
  });

  it("counts type-only imports, re-exports and lazy imports as edges", () => {
    expect(
      importSpecifiers(
        "m.ts",
        [
          'import { type A } from "~/a";',
          'import type { B } from "./b";',
          'export { c } from "../c";',
          'const d = await import("~/d");',
          'type E = import("./e").E;',
          'import fs from "node:fs";',
        ].join("\n"),
      ),
    ).toEqual(["~/a", "./b", "../c", "~/d", "./e", "node:fs"]);
  });
});
