import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The short commit hash of the checkout at `root` (what /v1/nodes reports as gitHash, as
 * Weaviate reports its build's), read from .git without running git; "unknown" outside a
 * checkout (e.g. in the Docker image).
 */
export function gitHashOf(root: string): string {
  try {
    const git = path.join(root, ".git");
    const head = readFileSync(path.join(git, "HEAD"), "utf8").trim();
    if (!head.startsWith("ref: ")) return head.slice(0, 7);
    const ref = head.slice(5);
    try {
      return readFileSync(path.join(git, ref), "utf8").trim().slice(0, 7);
    } catch {
      const packed = readFileSync(path.join(git, "packed-refs"), "utf8");
      const line = packed.split("\n").find((entry) => entry.endsWith(` ${ref}`));
      return line ? line.slice(0, 7) : "unknown";
    }
  } catch {
    return "unknown";
  }
}
