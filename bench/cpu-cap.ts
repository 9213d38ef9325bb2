/**
 * A CPU quota for one benchmark process, through the kernel's cgroup CPU controller (v1 at
 * /sys/fs/cgroup/cpu, or v2 at /sys/fs/cgroup). It answers one question the inbox benchmark asks:
 * do app instances scale when each has CPU of its own, or do they wait on each other? On a 2-core
 * machine the database server shares the cores with the instances, so uncapped instances compete
 * with it; capped at a fraction of a core each, two instances leave the server the rest.
 *
 * Needs a writable cgroup hierarchy (root on the machines here); where there is none the benchmark
 * says so and skips the capped measurement rather than guessing.
 */
import fs from "node:fs";
import path from "node:path";

const V1 = "/sys/fs/cgroup/cpu";
const V2 = "/sys/fs/cgroup";
const PERIOD_US = 100_000;

interface Hierarchy {
  dir: string;
  /** The quota file's content for `cores` of CPU. */
  quota(cores: number): [file: string, content: string];
}

function writableHierarchy(): Hierarchy | null {
  if (fs.existsSync(path.join(V1, "cpu.cfs_quota_us")))
    return {
      dir: V1,
      quota: (cores) => [
        "cpu.cfs_quota_us",
        String(Math.round(cores * PERIOD_US)),
      ],
    };
  const controllers = path.join(V2, "cgroup.controllers");
  if (
    fs.existsSync(controllers) &&
    fs.readFileSync(controllers, "utf8").split(/\s+/).includes("cpu")
  )
    return {
      dir: V2,
      quota: (cores) => [
        "cpu.max",
        `${Math.round(cores * PERIOD_US)} ${PERIOD_US}`,
      ],
    };
  return null;
}

export interface CpuCap {
  /** Moves the process (all its threads) into the capped group. */
  add(pid: number): void;
  /** Removes the group; its processes must have exited. */
  remove(): void;
}

/** A cgroup limited to `cores` of CPU, or the reason there can be none here. */
export function createCpuCap(
  name: string,
  cores: number,
): CpuCap | { unavailable: string } {
  const hierarchy = writableHierarchy();
  if (!hierarchy) return { unavailable: "no cgroup CPU controller" };
  const dir = path.join(hierarchy.dir, name);
  try {
    fs.mkdirSync(dir);
    const [file, content] = hierarchy.quota(cores);
    fs.writeFileSync(path.join(dir, file), content);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    return {
      unavailable: `cgroup not writable (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    };
  }
  return {
    add: (pid) => fs.writeFileSync(path.join(dir, "cgroup.procs"), String(pid)),
    // A cgroup directory is removed with rmdir, once empty (its control files go with it).
    remove: () => {
      try {
        fs.rmdirSync(dir);
      } catch {
        // Still busy (a process not yet reaped): left to the kernel's next cleanup by name.
      }
    },
  };
}
