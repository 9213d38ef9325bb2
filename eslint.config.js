import fs from "node:fs";

import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// One clock (app/clock.server.ts): the time comes from the caller's `now`, never from the machine.
const NO_NEW_DATE = {
  selector: "NewExpression[callee.name='Date'][arguments.length=0]",
  message:
    "Take `now: Date` from the caller (the clock is app/clock.server.ts), not new Date().",
};
const NO_DATE_NOW = {
  object: "Date",
  property: "now",
  message:
    "Take `now: Date` from the caller (the clock is app/clock.server.ts), not Date.now().",
};

// All database access in app/models (ADR 0024): a query on a client or transaction
// (`tx.member.findMany(…)`, `database.$queryRaw\`…\``) anywhere else is refused, whatever the
// handle is called: a model query is known by the model (every model of the schema) and the query
// method, raw SQL and transactions by Prisma's `$` methods.
const PRISMA_MODELS = [
  ...fs
    .readFileSync(new URL("./prisma/schema.prisma", import.meta.url), "utf8")
    .matchAll(/^model (\w+) \{/gm),
].map(([, name]) => name[0].toLowerCase() + name.slice(1));
const PRISMA_QUERIES = [
  "findMany",
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
  "count",
  "aggregate",
  "groupBy",
];
const NO_DATABASE_ACCESS = [
  {
    selector: `CallExpression > MemberExpression.callee[property.name=/^(${PRISMA_QUERIES.join("|")})$/][object.type='MemberExpression'][object.property.name=/^(${PRISMA_MODELS.join("|")})$/]`,
    message:
      "Database access lives in app/models (ADR 0024): call a model function, passing `tx`.",
  },
  {
    selector:
      "MemberExpression[property.name=/^\\$(queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe|transaction)$/]",
    message:
      "Database access lives in app/models (ADR 0024): raw SQL and transactions go through a model (inTransaction).",
  },
];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "node_modules/**",
      "public/build/**",
      "extensions/*/dist/**",
      "data/**",
      ".cache/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,jsx,mjs}"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { fixStyle: "inline-type-imports" },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../*", "./../*"],
              message: "Use the ~/ alias for app modules.",
            },
          ],
        },
      ],
    },
  },
  {
    // The emulator and the scripts are not the app: they use relative imports (the ~/ alias is the app's).
    files: [
      "emulator/**/*.{ts,js}",
      "scripts/**/*.ts",
      "bench/**/*.ts",
      "test/**/*.ts",
      "extensions/**/*.{ts,tsx}",
    ],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // The pure core: no database, no Shopify, no I/O.
    files: ["app/loyalty/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@prisma/*",
                "~/db.server",
                "~/models/*",
                "~/services/*",
                "~/shopify/*",
                "@shopify/*",
                "node:*",
              ],
              message: "app/loyalty is the pure core: no I/O.",
            },
            {
              group: ["~/i18n/*", "~/components/*", "~/routes/*"],
              message:
                "app/loyalty decides, the edge words: return a code (validation-codes.ts) and translate it in app/i18n.",
            },
          ],
        },
      ],
    },
  },
  {
    // The app never imports the emulator, and reads the time only through its one clock.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.{ts,tsx}", "app/clock.server.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "ImportDeclaration[source.value=/emulator/]",
          message: "The app never imports the emulator.",
        },
        NO_NEW_DATE,
      ],
      "no-restricted-properties": ["error", NO_DATE_NOW],
    },
  },
  {
    // All database access lives in app/models (ADR 0024): elsewhere no Prisma client, no raw SQL, no
    // `tx.<model>.<query>(…)`. Prisma's types are fine (`import { type Reward } from "@prisma/client"`).
    files: ["app/**/*.{ts,tsx}"],
    ignores: [
      "app/**/*.test.{ts,tsx}",
      "app/clock.server.ts",
      "app/db.server.ts",
      "app/models/**",
    ],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "~/db.server",
              allowTypeImports: true,
              message:
                "Database access lives in app/models (ADR 0024): call a model function (transactions: inTransaction from ~/models/transaction.server).",
            },
            {
              name: "@prisma/client",
              allowTypeImports: true,
              message:
                "Database access lives in app/models (ADR 0024): import Prisma's types only (`import { type … }`).",
            },
          ],
          patterns: [
            {
              group: ["../*", "./../*"],
              message: "Use the ~/ alias for app modules.",
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "ImportDeclaration[source.value=/emulator/]",
          message: "The app never imports the emulator.",
        },
        NO_NEW_DATE,
        ...NO_DATABASE_ACCESS,
      ],
    },
  },
  {
    // Tests date what they write with their own clock (FIXED_NOW or a clock they move), so the
    // suite passes on any day.
    files: ["app/**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": ["error", NO_NEW_DATE],
      "no-restricted-properties": ["error", NO_DATE_NOW],
    },
  },
);
