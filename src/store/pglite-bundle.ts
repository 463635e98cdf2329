import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * PGlite's file-system bundle (`pglite.data`, 6 MB: PostgreSQL's share/ and lib/ directories, which
 * its in-memory file system serves from one buffer it holds for the life of the database) without
 * the files a server on an existing data directory never reads. They are left as zeros in a buffer
 * of the bundle's size, at their place, so their pages are never touched and cost no memory; the
 * files PostgreSQL reads at run time (time zones, text search data, extension control files,
 * plpgsql) are read from the bundle. Reading a dropped file fails loudly (a library that does not
 * load, an ICU error), never silently.
 */

/** Files of the bundle a running server does not read (see {@link DROPPED} for why each). */
export const DROPPED: readonly RegExp[] = [
  // initdb's inputs and the sample configurations: a data directory is created in a process of
  // its own (src/store/pglite.ts), which loads the whole bundle.
  /^\/pglite\/share\/postgresql\/[^/]+$/,
  // Extension build files.
  /^\/pglite\/lib\/postgresql\/pgxs\//,
  // Encoding conversions (golive's database and its one client speak UTF8), Snowball stemmers
  // (no full text search), replication.
  /^\/pglite\/lib\/postgresql\/([a-z0-9]+_and_[a-z0-9_]+|euc2004_sjis2004|dict_snowball|libpqwalreceiver|pgoutput)\.so$/,
  // ICU's collation data: the database's collations are libc's.
  /^\/pglite\/icu\//,
];

/** One file of the bundle: its path in PGlite's file system and its bytes in pglite.data. */
export interface BundleFile {
  path: string;
  start: number;
  end: number;
}

/**
 * The bundle's table of contents, from the Emscripten loader that PGlite ships beside it
 * (pglite.js: `{filename:"…",start:N,end:M}` for each file). Undefined when it does not describe a
 * bundle of `size` bytes (another PGlite version, another loader): then the whole bundle is used.
 */
export function bundleFiles(loader: string, size: number): BundleFile[] | undefined {
  const files: BundleFile[] = [];
  for (const m of loader.matchAll(/\{filename:"([^"]+)",start:(\d+),end:(\d+)\}/g)) {
    files.push({ path: m[1] as string, start: Number(m[2]), end: Number(m[3]) });
  }
  if (files.length === 0) return undefined;
  let at = 0;
  for (const f of files) {
    // Contiguous and in order, as the packager writes them: anything else is a format we do not know.
    if (f.start !== at || f.end < f.start) return undefined;
    at = f.end;
  }
  return at === size ? files : undefined;
}

/** The bundle holding only the files a running server reads; the rest are zeros never written. */
export class SparseBundle extends Blob {
  /** Bytes read from pglite.data, of {@link size}. */
  readonly kept: number;
  readonly #path: string;
  readonly #files: readonly BundleFile[];
  readonly #size: number;

  constructor(path: string, files: readonly BundleFile[], size: number) {
    super([]);
    this.#path = path;
    this.#files = files.filter((f) => !DROPPED.some((re) => re.test(f.path)));
    this.#size = size;
    this.kept = this.#files.reduce((n, f) => n + f.end - f.start, 0);
  }

  /** A new buffer of the bundle's size (zeroed by the allocator, untouched) with the kept files read in. */
  override arrayBuffer(): Promise<ArrayBuffer> {
    const buf = new ArrayBuffer(this.#size);
    const view = new Uint8Array(buf);
    const fd = openSync(this.#path, "r");
    try {
      for (const f of this.#files) {
        let at = f.start;
        while (at < f.end) {
          const n = readSync(fd, view, at, f.end - at, at);
          if (n === 0) throw new Error(`${this.#path}: ended at byte ${at}, expected ${this.#size}`);
          at += n;
        }
      }
    } finally {
      closeSync(fd);
    }
    return Promise.resolve(buf);
  }
}

/**
 * The sparse bundle of the installed PGlite, or undefined (use PGlite's own loading of the whole
 * bundle) when its table of contents cannot be read.
 */
export function sparseBundle(): SparseBundle | undefined {
  try {
    // Beside PGlite's entry point (dist/index.js), where PGlite itself finds them.
    const main = import.meta.resolve("@electric-sql/pglite");
    const data = fileURLToPath(new URL("./pglite.data", main));
    const loader = readFileSync(fileURLToPath(new URL("./pglite.js", main)), "utf8");
    const size = statSync(data).size;
    const files = bundleFiles(loader, size);
    return files ? new SparseBundle(data, files, size) : undefined;
  } catch {
    return undefined;
  }
}
