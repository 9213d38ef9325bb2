// Preloaded (node --import) into the servers that tests and scripts start: the process exits as
// soon as the process that started it is gone, even one killed with SIGKILL, when no clean-up
// code can run. An orphan is handed to another parent, so its parent id changes (Node's
// process.ppid is read once at start-up: ask the kernel instead).
import { readFileSync } from "node:fs";

// The starter names itself: a busy machine may start this process after its parent already died.
const parent = Number(process.env.EXIT_WITH_PARENT_PID) || process.ppid;

function parentIsGone() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // pid (comm) state ppid ...: comm may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return ppid !== parent;
  } catch {
    // No /proc (not Linux): ask whether the parent still exists.
    try {
      process.kill(parent, 0);
      return false;
    } catch (error) {
      return error.code === "ESRCH";
    }
  }
}

if (parentIsGone()) process.exit(1);
setInterval(() => {
  if (parentIsGone()) process.exit(1);
}, 200).unref();
