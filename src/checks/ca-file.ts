import { readFile } from "node:fs/promises";
import { ProbeError } from "./provider.ts";

/** Reads a PEM file of extra trusted CAs named in a check's config; a clear cause when it cannot. */
export async function readCaFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw new ProbeError(`cannot read CA file '${path}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
