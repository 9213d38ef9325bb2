import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_CODE_LENGTH,
  codeIdentity,
  parseCodePoolCsv,
} from "~/loyalty/code-pool-csv";

describe("parseCodePoolCsv", () => {
  it("reads one code per line through a BOM, CRLF, blank lines, quotes, spaces and trailing separators", () => {
    const text =
      '\uFEFFSUMMER10\r\n\r\n  WINTER20 | |||\r\nAUTUMN30,,,\n"SPRING40";\n \'KEEP\'\n\t\n"  QUOTED  " ,\nLAST|';
    expect(parseCodePoolCsv(text)).toEqual({
      codes: [
        "SUMMER10",
        "WINTER20",
        "AUTUMN30",
        "SPRING40",
        "'KEEP'",
        "QUOTED",
        "LAST",
      ],
      errors: [],
      skippedHeader: null,
    });
  });

  it("reads an empty file, or one of blank lines, as no codes", () => {
    expect(parseCodePoolCsv("")).toEqual({
      codes: [],
      errors: [],
      skippedHeader: null,
    });
    expect(parseCodePoolCsv("\uFEFF\r\n,,,\n | | \n")).toEqual({
      codes: [],
      errors: [],
      skippedHeader: null,
    });
  });

  it("unescapes doubled quotes and keeps separators inside quotes", () => {
    expect(parseCodePoolCsv('"A""B"\n"C,D",,\n').codes).toEqual(['A"B', "C,D"]);
  });

  it("reports duplicates with both line numbers, whatever the case", () => {
    const result = parseCodePoolCsv("A1\nB2\n\na1,\nB2\nC3");
    expect(result.codes).toEqual(["A1", "B2", "C3"]);
    expect(result.errors).toEqual([
      { line: 4, code: "a1", reason: "duplicate_in_file", firstLine: 1 },
      { line: 5, code: "B2", reason: "duplicate_in_file", firstLine: 2 },
    ]);
  });

  it("reports codes already imported in earlier files", () => {
    const result = parseCodePoolCsv("OLD1\nNEW1\nold1\n", {
      existingCodes: ["old1", "OTHER"],
    });
    expect(result.codes).toEqual(["NEW1"]);
    expect(result.errors).toEqual([
      { line: 1, code: "OLD1", reason: "already_imported" },
      { line: 3, code: "old1", reason: "duplicate_in_file", firstLine: 1 },
    ]);
  });

  it("refuses spaces inside, control and invisible characters, and codes over 255 characters, by line", () => {
    const long = "X".repeat(MAX_CODE_LENGTH + 1);
    const fits = "é".repeat(MAX_CODE_LENGTH);
    const text = [
      "GOOD",
      "TWO WORDS",
      "NUL\u0000",
      "ZERO\u200BWIDTH",
      long,
      fits,
      "NBSP\u00A0IN",
    ].join("\n");
    const result = parseCodePoolCsv(text);
    expect(result.codes).toEqual(["GOOD", fits]);
    expect(result.errors).toEqual([
      { line: 2, code: "TWO WORDS", reason: "contains_space" },
      { line: 3, code: "NUL\u0000", reason: "control_character" },
      { line: 4, code: "ZERO\u200BWIDTH", reason: "control_character" },
      { line: 5, code: long, reason: "too_long" },
      { line: 7, code: "NBSP\u00A0IN", reason: "contains_space" },
    ]);
  });

  it("refuses two values on a line and an unclosed quote", () => {
    expect(parseCodePoolCsv('A1,B2\n"OPEN\nOK').errors).toEqual([
      { line: 1, code: "A1", reason: "several_values" },
      { line: 2, reason: "unclosed_quote" },
    ]);
  });

  it("skips a column header on the first line only", () => {
    expect(parseCodePoolCsv("\n Code ;\nCODE1\ncode\n")).toEqual({
      codes: ["CODE1", "code"],
      errors: [],
      skippedHeader: "Code",
    });
    expect(parseCodePoolCsv("Discount code\nX1").skippedHeader).toBe(
      "Discount code",
    );
    expect(parseCodePoolCsv("X1\nCode").codes).toEqual(["X1", "Code"]);
  });

  // A code as merchants' tools produce them: no spaces, separators, quotes or control characters.
  const codeChar = fc.constantFrom(
    ..."ABCDEFGHJKLMNPQRSTUVWXYZabcdefz0123456789-_#!$%&*+=.éÜ",
  );
  const codeArb = fc
    .array(codeChar, { minLength: 1, maxLength: 40 })
    .map((chars) => chars.join(""))
    .filter((code) => parseCodePoolCsv(code).skippedHeader === null);
  const uniqueCodes = fc.uniqueArray(codeArb, {
    maxLength: 60,
    selector: codeIdentity,
  });
  const noise = fc.record({
    before: fc.constantFrom("", " ", "  ", "\t"),
    quote: fc.boolean(),
    padInQuotes: fc.constantFrom("", " "),
    after: fc.constantFrom(
      "",
      " ",
      ",",
      ",,,",
      ";",
      " | |||",
      "|",
      "\t",
      " ; ",
      ",\t,",
    ),
    blankLinesAfter: fc.array(fc.constantFrom("", " ", ",,", " | "), {
      maxLength: 2,
    }),
  });
  const newline = fc.constantFrom("\n", "\r\n");

  it("property: a file of distinct codes with any noise yields exactly the codes, in order", () => {
    fc.assert(
      fc.property(
        uniqueCodes,
        fc.array(noise, { minLength: 60, maxLength: 60 }),
        newline,
        fc.boolean(),
        (codes, noises, eol, bom) => {
          const lines: string[] = [];
          codes.forEach((code, i) => {
            const n = noises[i];
            const body = n.quote
              ? `"${n.padInQuotes}${code}${n.padInQuotes}"`
              : code;
            lines.push(`${n.before}${body}${n.after}`, ...n.blankLinesAfter);
          });
          const text = (bom ? "\uFEFF" : "") + lines.join(eol) + eol;
          expect(parseCodePoolCsv(text)).toEqual({
            codes,
            errors: [],
            skippedHeader: null,
          });
        },
      ),
    );
  });

  it("property: a repeated code is reported at its line, pointing to its first line, and imported once", () => {
    fc.assert(
      fc.property(
        uniqueCodes.filter((codes) => codes.length > 0),
        fc.nat(),
        fc.nat(),
        (codes, pick, at) => {
          const repeated = codes[pick % codes.length];
          const lines = [...codes];
          const insertAt =
            codes.indexOf(repeated) +
            1 +
            (at % (codes.length - codes.indexOf(repeated)));
          lines.splice(insertAt, 0, repeated.toLowerCase());
          const result = parseCodePoolCsv(lines.join("\n"));
          expect(result.codes).toEqual(codes);
          expect(result.errors).toEqual([
            {
              line: insertAt + 1,
              code: repeated.toLowerCase(),
              reason: "duplicate_in_file",
              firstLine: codes.indexOf(repeated) + 1,
            },
          ]);
        },
      ),
    );
  });
});
