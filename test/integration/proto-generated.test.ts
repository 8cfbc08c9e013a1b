/**
 * src/grpc/generated/ is what `npm run proto` (buf + ts-proto) makes of proto/: regenerated here
 * into a temp dir and compared file by file, so a .proto edited without regenerating (or a
 * generated file edited by hand) fails the suite.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { tempDir } from "../helpers/server.ts";

const root = path.resolve(import.meta.dirname, "../..");

async function filesUnder(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path.join(dir, entry.name), relative)));
    else out.push(relative);
  }
  return out.sort();
}

test("the committed generated codecs match proto/", async () => {
  const out = await tempDir("wv-proto-");
  try {
    execFileSync(path.join(root, "node_modules/.bin/buf"), ["generate", "--output", out], { cwd: root, stdio: "pipe" });
    const fresh = path.join(out, "src/grpc/generated");
    const committed = path.join(root, "src/grpc/generated");
    const names = await filesUnder(committed);
    assert.deepEqual(await filesUnder(fresh), names);
    for (const name of names) {
      assert.equal(await readFile(path.join(fresh, name), "utf8"), await readFile(path.join(committed, name), "utf8"), name);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
