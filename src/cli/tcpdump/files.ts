// Capture files for the tcpdump frontend: the real file system by default, any other
// store (tests, the browser) by passing one in. Errors carry strerror's words.
import { readFileSync, writeFileSync } from "node:fs";

export interface BinaryFiles {
  read(path: string): Uint8Array;
  write(path: string, bytes: Uint8Array): void;
}

/** A file that could not be opened, worded as strerror(errno). */
export class FileError extends Error {}

const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EISDIR: "Is a directory",
  ENOTDIR: "Not a directory",
  EROFS: "Read-only file system",
};

function wrap<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    const code = (e as { code?: string }).code ?? "";
    throw new FileError(STRERROR[code] ?? String((e as Error).message));
  }
}

/** -w at the end of a capture: the pcap records in one file; 1 (and tcpdump's message) when it cannot be written. */
export function writeCapture(files: BinaryFiles, path: string, records: readonly Uint8Array[], stderr: (text: string) => void): number {
  const bytes = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of records) {
    bytes.set(r, at);
    at += r.length;
  }
  try {
    files.write(path, bytes);
  } catch (e) {
    if (!(e instanceof FileError)) throw e;
    stderr(`tcpdump: ${path}: ${e.message}\n`);
    return 1;
  }
  return 0;
}

export const nodeFiles: BinaryFiles = {
  read: (path) => wrap(() => new Uint8Array(readFileSync(path))),
  write: (path, bytes) => wrap(() => writeFileSync(path, bytes)),
};

/** An in-memory store, for tests and the library. */
export function memoryFiles(initial: Record<string, Uint8Array> = {}): BinaryFiles & { files: Record<string, Uint8Array> } {
  const files = { ...initial };
  return {
    files,
    read: (path) => {
      const f = files[path];
      if (f === undefined) throw new FileError(STRERROR.ENOENT);
      return f;
    },
    write: (path, bytes) => {
      files[path] = bytes;
    },
  };
}
