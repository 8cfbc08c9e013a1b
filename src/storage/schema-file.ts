/**
 * Collection definitions on disk: one JSON file replaced atomically, so a crash leaves either
 * the old or the new schema, never a torn one.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Collection } from "../domain/index.ts";
import { writeFileAtomic } from "../lib/index.ts";

export class SchemaFile {
  private readonly file: string;

  constructor(dataPath: string) {
    this.file = path.join(dataPath, "schema.json");
  }

  async load(): Promise<Collection[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const parsed = JSON.parse(text) as { classes?: Collection[] };
    return parsed.classes ?? [];
  }

  async save(collections: readonly Collection[]): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify({ classes: collections }, null, 1));
  }
}
