import {
  spawn,
  type ChildProcess,
  type SpawnOptions,
} from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Child processes this process starts and must not outlive it. Each runs in a process group of
 * its own, so stopping it also stops whatever it started; all are killed when this process exits,
 * whatever failed before; and a Node child preloads exit-with-parent.mjs, so it exits by itself
 * if this process is killed outright (SIGKILL, a test runner tearing its worker down).
 */

export interface OwnedProcess {
  child: ChildProcess;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
  /** SIGTERM to its group, then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const EXIT_WITH_PARENT = pathToFileURL(
  path.join(import.meta.dirname, "exit-with-parent.mjs"),
).href;

const running = new Set<ChildProcess>();
let hooked = false;

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function killAllOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const child of running) signalGroup(child, "SIGKILL");
  });
}

export function spawnOwned(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): OwnedProcess {
  killAllOnExit();
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    const done = () => {
      running.delete(child);
      resolve();
    };
    child.once("exit", done);
    // A command that cannot start emits "error" and never "exit".
    child.once("error", () => {
      if (child.pid === undefined) done();
    });
  });
  return {
    child,
    exited,
    async stop(graceMs = 5_000) {
      // The group may outlive its leader: signal it even when the leader has exited.
      signalGroup(child, "SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), graceMs);
      });
      const outcome = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (outcome === "late") {
        signalGroup(child, "SIGKILL");
        await exited;
      }
    },
  };
}

/** `node <args>` as an owned process that also exits by itself when this process dies. */
export function spawnOwnedNode(
  args: readonly string[],
  options: SpawnOptions = {},
): OwnedProcess {
  return spawnOwned(process.execPath, ["--import", EXIT_WITH_PARENT, ...args], {
    ...options,
    env: {
      ...(options.env ?? process.env),
      EXIT_WITH_PARENT_PID: String(process.pid),
    },
  });
}
