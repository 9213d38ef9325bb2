import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";

import { chromium, type Browser } from "playwright-core";

/**
 * The one Chromium every browser test launches, found in this order:
 * 1. `CHROMIUM_PATH`, an executable of your choice;
 * 2. Debian's `/usr/bin/chromium`, when installed (skipped when `CHROMIUM_FROM_NPM=1`);
 * 3. the Chromium that the devDependency `@sparticuz/chromium` ships inside its npm package, so
 *    that `npm install` alone is enough (Linux x64). It is unpacked once into
 *    node_modules/.cache with the system libraries and fonts it needs (ADR 0007).
 */

export interface FoundChromium {
  executablePath: string;
  from: "CHROMIUM_PATH" | "debian" | "npm";
  /** Environment the browser needs on top of this process's. */
  env: Record<string, string>;
}

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

// Headless and off the network (STACK.md). Root needs --no-sandbox.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

const WHAT_TO_RUN =
  "install one (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium executable";

export async function findChromium(): Promise<FoundChromium> {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    if (!fs.existsSync(explicit))
      throw new Error(`CHROMIUM_PATH=${explicit} does not exist`);
    return { executablePath: explicit, from: "CHROMIUM_PATH", env: {} };
  }
  if (process.env.CHROMIUM_FROM_NPM !== "1" && fs.existsSync(DEBIAN_CHROMIUM))
    return { executablePath: DEBIAN_CHROMIUM, from: "debian", env: {} };
  if (process.platform !== "linux" || process.arch !== "x64")
    throw new Error(
      `No Chromium for the browser tests: @sparticuz/chromium runs on Linux x64 only; ${WHAT_TO_RUN}.`,
    );
  const dir = await unpackedNpmChromium();
  return {
    executablePath: path.join(dir, "chromium"),
    from: "npm",
    env: {
      // Its NSS and expat, so it runs where Debian's chromium (and so libnss3) was never installed.
      LD_LIBRARY_PATH: [path.join(dir, "lib"), process.env.LD_LIBRARY_PATH]
        .filter(Boolean)
        .join(":"),
      // Its fonts only: without any font, text takes no room and has no innerText.
      FONTCONFIG_FILE: path.join(dir, "fonts.conf"),
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  const found = await findChromium();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined) env[key] = value;
  // Chromium stalls under libfaketime (the suite also runs with the clock a year ahead): the
  // browser keeps the real clock; the app and the tests keep the faked one.
  if (env.LD_PRELOAD?.includes("faketime")) delete env.LD_PRELOAD;
  // Every process of this launch carries the mark, so a failed start can find what it left.
  const mark = `LOYALTY_CHROMIUM_LAUNCH=${process.pid}-${randomUUID()}`;
  env.LOYALTY_CHROMIUM_LAUNCH = mark.split("=")[1];
  try {
    return await chromium.launch({
      executablePath: found.executablePath,
      headless: true,
      args: FLAGS,
      // Below the hooks' timeout (vitest.config.ts), so a hung start is killed and reported here.
      timeout: 90_000,
      env: { ...env, ...found.env },
    });
  } catch (error) {
    // Playwright stops the browser it started, not what that browser started before dying.
    killMarked(mark);
    throw new Error(
      `Chromium (${found.from}: ${found.executablePath}) did not start; ${WHAT_TO_RUN}.\n${(error as Error).message}`,
    );
  }
}

/** SIGKILL to every process whose environment holds `mark` (Linux; elsewhere nothing to find). */
function killMarked(mark: string): void {
  if (!fs.existsSync("/proc/self/environ")) return;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
      if (environ.split("\0").includes(mark))
        process.kill(Number(pid), "SIGKILL");
    } catch {
      // Gone meanwhile, or not ours.
    }
  }
}

/** The package's Chromium, unpacked once per version; returns the folder that holds it. */
async function unpackedNpmChromium(): Promise<string> {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve("@sparticuz/chromium");
  } catch {
    throw new Error(
      `No Chromium for the browser tests: run npm install (the devDependency @sparticuz/chromium ships one), or ${WHAT_TO_RUN}.`,
    );
  }
  // build/cjs/index.cjs → the package folder.
  const packageDir = path.resolve(path.dirname(entry), "../..");
  const { version } = JSON.parse(
    fs.readFileSync(path.join(packageDir, "package.json"), "utf8"),
  ) as { version: string };
  const target = path.join(
    packageDir,
    "../../.cache",
    `sparticuz-chromium-${version}`,
  );
  if (fs.existsSync(path.join(target, "chromium"))) return target;

  // Test files start side by side: each unpacks into a folder of its own, the first rename wins.
  const staging = `${target}.${process.pid}-${Math.random().toString(36).slice(2)}`;
  fs.mkdirSync(staging, { recursive: true });
  try {
    const bin = path.join(packageDir, "bin");
    await pipeline(
      fs.createReadStream(path.join(bin, "chromium.br")),
      zlib.createBrotliDecompress(),
      fs.createWriteStream(path.join(staging, "chromium"), { mode: 0o755 }),
    );
    // fonts/Open_Sans/*.ttf and lib/*.so (built for Amazon Linux 2023, fine on Debian 12).
    extractTar(readBrotli(path.join(bin, "fonts.tar.br")), staging);
    extractTar(readBrotli(path.join(bin, "al2023.tar.br")), staging);
    fs.writeFileSync(
      path.join(staging, "fonts.conf"),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${path.join(target, "fonts")}</dir>
  <cachedir>${path.join(target, "fontconfig-cache")}</cachedir>
</fontconfig>
`,
    );
    try {
      fs.renameSync(staging, target);
    } catch (error) {
      if (!fs.existsSync(path.join(target, "chromium"))) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

function readBrotli(file: string): Buffer {
  return zlib.brotliDecompressSync(fs.readFileSync(file));
}

/** Plain ustar: regular files and folders, which is all these archives hold. */
function extractTar(archive: Buffer, into: string): void {
  const text = (from: number, length: number, offset: number) =>
    archive
      .subarray(offset + from, offset + from + length)
      .toString("utf8")
      .replace(/\0.*$/s, "");
  for (let offset = 0; offset + 512 <= archive.length;) {
    if (archive.subarray(offset, offset + 512).every((byte) => byte === 0))
      break;
    const name = path.posix.join(text(345, 155, offset), text(0, 100, offset));
    const size = parseInt(text(124, 12, offset).trim() || "0", 8);
    const type = String.fromCharCode(archive[offset + 156]);
    const mode = parseInt(text(100, 8, offset).trim() || "644", 8);
    const destination = path.resolve(into, name);
    if (!destination.startsWith(path.resolve(into) + path.sep))
      throw new Error(`unexpected path in archive: ${name}`);
    if (type === "5") {
      fs.mkdirSync(destination, { recursive: true });
    } else if (type === "0" || type === "\0") {
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.writeFileSync(
        destination,
        archive.subarray(offset + 512, offset + 512 + size),
        { mode },
      );
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
}
