/**
 * Re-vendors Shopify's published Admin GraphQL schema (introspection JSON) from the npm package
 * @shopify/dev-mcp, which ships it as data, together with the package's ISC licence.
 *
 *   npm run schema:refresh                      # the pinned package version and API version
 *   npm run schema:refresh -- 1.17.0 2026-10    # another package version and/or API version
 *
 * Only the npm registry is needed (npm pack), so it works where shopify.dev is unreachable.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

import { buildClientSchema } from "graphql";

const PACKAGE = "@shopify/dev-mcp";
const PACKAGE_VERSION = process.argv[2] ?? "1.16.0";
const API_VERSION = process.argv[3] ?? "2026-07";

const here = path.dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), "dev-mcp-"));
try {
  execFileSync(
    "npm",
    [
      "pack",
      `${PACKAGE}@${PACKAGE_VERSION}`,
      "--pack-destination",
      work,
      "--silent",
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
  if (!tarball)
    throw new Error(
      `npm pack produced no tarball for ${PACKAGE}@${PACKAGE_VERSION}`,
    );
  const schemaEntry = `package/dist/data/admin_${API_VERSION}.json.gz`;
  execFileSync("tar", [
    "-xzf",
    path.join(work, tarball),
    "-C",
    work,
    schemaEntry,
    "package/LICENSE",
  ]);

  const schemaFile = path.join(work, schemaEntry);
  // Refuse to vendor something buildClientSchema cannot load: the emulator would fail at its first request.
  const introspection = JSON.parse(
    gunzipSync(readFileSync(schemaFile)).toString("utf8"),
  );
  buildClientSchema(introspection.data ?? introspection);

  const target = path.join(here, `admin_${API_VERSION}.json.gz`);
  copyFileSync(schemaFile, target);
  copyFileSync(path.join(work, "package/LICENSE"), path.join(here, "LICENSE"));
  const sha256 = createHash("sha256")
    .update(readFileSync(target))
    .digest("hex");
  console.log(
    `Vendored ${PACKAGE}@${PACKAGE_VERSION} ${path.basename(target)} (sha256 ${sha256}) and its LICENSE into ${here}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
