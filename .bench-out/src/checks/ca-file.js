import { readFile } from "node:fs/promises";
import { resolveUnderRoot } from "./check-env.js";
import { ProbeError } from "./provider.js";
/**
 * Reads a PEM file of extra trusted CAs named in a check's config, only under the folder checks
 * may read; outside it, the cause says so and nothing about the file (an editor must not learn
 * which paths exist on the server).
 */
export async function readCaFile(path, root) {
    const placed = await resolveUnderRoot(path, root);
    if (!placed.ok)
        throw new ProbeError(`CA file: ${placed.message}`);
    try {
        return await readFile(placed.path, "utf8");
    }
    catch (e) {
        throw new ProbeError(`cannot read CA file '${path}': ${e.code ?? String(e)}`);
    }
}
