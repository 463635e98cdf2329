import { openSync, readFileSync, renameSync, unlinkSync, writeSync, closeSync, linkSync } from "node:fs";
import { resolve } from "node:path";
// One process at a time on an embedded data directory: PGlite keeps the database in the process's
// memory and writes it back on its own schedule, so a second process on the same directory
// acknowledges writes that the first one later overwrites. The lock is a file beside the
// directory (`DIR.lock`, not inside it, so backups of the directory never carry it) holding the
// owner's pid and the kernel's start time of that process, which tells a live owner from a
// recycled pid.
/** Another live process holds the data directory. */
export class DataDirInUseError extends Error {
    dir;
    pid;
    name = "DataDirInUseError";
    constructor(dir, pid) {
        super(`data directory in use by pid ${pid}: ${dir} (stop that golive first, or give another --db)`);
        this.dir = dir;
        this.pid = pid;
    }
}
/** The kernel's start time of a process (Linux), or "" where /proc is not there. */
function startTime(pid) {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        // Fields after the command name, which is in parentheses and may hold spaces.
        const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (rest[0] === "Z" || rest[0] === "X")
            return undefined; // a zombie or dead task holds nothing
        return rest[19] ?? "";
    }
    catch (e) {
        if (e.code === "ENOENT")
            return undefined;
        return "";
    }
}
function alive(owner) {
    const start = startTime(owner.pid);
    if (start === undefined)
        return false;
    if (start !== "" && owner.start !== "" && start !== owner.start)
        return false; // the pid was reused
    try {
        process.kill(owner.pid, 0);
        return true;
    }
    catch (e) {
        return e.code === "EPERM";
    }
}
function readOwner(path) {
    try {
        const [pid, start] = readFileSync(path, "utf8").trim().split(/\s+/);
        const n = Number(pid);
        return Number.isInteger(n) && n > 0 ? { pid: n, start: start ?? "" } : { pid: 0, start: "" };
    }
    catch (e) {
        if (e.code === "ENOENT")
            return undefined;
        throw e;
    }
}
/**
 * Takes the lock of `dir` for this process, or throws DataDirInUseError naming the live owner. A
 * lock left by a dead process (SIGKILL, power loss) is taken over: it is first renamed aside, which
 * only one contender can do, and then created anew with O_EXCL, which again only one can.
 */
export function lockDataDir(dir) {
    const path = `${resolve(dir)}.lock`;
    const me = `${process.pid} ${startTime(process.pid) ?? ""}\n`;
    for (let attempt = 0; attempt < 5; attempt++) {
        try {
            const fd = openSync(path, "wx", 0o600);
            try {
                writeSync(fd, me);
            }
            finally {
                closeSync(fd);
            }
            return {
                path,
                release: () => {
                    try {
                        if (readFileSync(path, "utf8") === me)
                            unlinkSync(path);
                    }
                    catch {
                        // already gone
                    }
                },
            };
        }
        catch (e) {
            if (e.code !== "EEXIST")
                throw e;
        }
        const owner = readOwner(path);
        if (owner === undefined)
            continue; // released meanwhile: try again
        if (owner.pid !== 0 && alive(owner))
            throw new DataDirInUseError(resolve(dir), owner.pid);
        // Stale: move it aside (one contender wins the rename), check that what was moved is the dead
        // owner's lock and not one a faster contender just made, then try to create ours.
        const aside = `${path}.stale-${process.pid}`;
        try {
            renameSync(path, aside);
        }
        catch (e) {
            if (e.code === "ENOENT")
                continue;
            throw e;
        }
        const moved = readOwner(aside);
        if (moved && moved.pid !== 0 && alive(moved)) {
            // A live lock: put it back where its owner expects it.
            try {
                linkSync(aside, path);
            }
            catch {
                // its owner's release will find nothing to remove; it still owns the directory in memory
            }
            unlinkSync(aside);
            throw new DataDirInUseError(resolve(dir), moved.pid);
        }
        unlinkSync(aside);
    }
    throw new Error(`could not take the lock ${path}: it keeps changing hands`);
}
