/**
 * Collection use cases: create, read, update, delete, add property, auto-schema. Definitions are
 * validated and defaulted by the pure rules next to this file, persisted through a port, and
 * every change bumps `generation` and emits a change event (the GraphQL layer listens).
 */
import { EventEmitter } from "node:events";
import type { DistanceMetric } from "../config/index.ts";
import type { Collection, Property } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { Mutex } from "../lib/index.ts";
import { mergeAutoSchemaProperties } from "./autoschema-merge.ts";
import { propertyWithDefaults, withDefaults } from "./defaults.ts";
import { normalizeClassName, validateClassName } from "./names.ts";
import type { IgnoredKeys } from "./known-keys.ts";
import { applyCollectionUpdate } from "./update.ts";
import { validateNewCollection, validateNewProperty } from "./validate.ts";

/** Where definitions are persisted. */
export interface CollectionStore {
  load(): Promise<Collection[]>;
  save(collections: readonly Collection[]): Promise<void>;
}

/** What the service needs from the storage of a collection's data. */
export interface CollectionStorage {
  createCollection(collection: Collection): Promise<void>;
  updateCollection(collection: Collection): void;
  dropCollection(className: string): Promise<void>;
  shardsOf(className: string): Array<{ name: string; status: string }>;
  /** Sets one shard's status; false when the collection has no (open) shard of that name. */
  setShardStatus(className: string, shardName: string, status: "READY" | "READONLY"): Promise<boolean>;
}

/** The statuses PUT /v1/schema/{c}/shards/{s} takes (any case); INDEXING is computed, so READY. */
const settableShardStatuses: Record<string, "READY" | "READONLY"> = {
  READY: "READY",
  READONLY: "READONLY",
  INDEXING: "READY",
};

export interface CollectionDefaults {
  defaultDistance: DistanceMetric;
  defaultVectorizer: string;
}

export type CollectionChange =
  | { kind: "created"; collection: Collection }
  | { kind: "updated"; collection: Collection }
  | { kind: "deleted"; className: string };

export class CollectionService {
  private readonly collections = new Map<string, Collection>();
  private readonly events = new EventEmitter();
  private readonly mutations = new Mutex();
  private generationCounter = 0;

  constructor(
    private readonly store: CollectionStore,
    private readonly storage: CollectionStorage,
    private readonly defaults: CollectionDefaults,
    /** Told of request keys dropped because Weaviate's models do not have them (a debug log). */
    private readonly ignoredKeys?: IgnoredKeys,
  ) {}

  /** Loads persisted definitions. Storage is opened by the caller with `list()`. */
  async load(): Promise<void> {
    for (const collection of await this.store.load()) {
      this.collections.set(collection.class, collection);
    }
  }

  /** Bumped by every change; lets listeners cache derived state (e.g. a GraphQL schema). */
  get generation(): number {
    return this.generationCounter;
  }

  onChange(listener: (change: CollectionChange) => void): () => void {
    this.events.on("change", listener);
    return () => this.events.off("change", listener);
  }

  list(): Collection[] {
    return [...this.collections.values()];
  }

  /** Looks a collection up by name, upper-casing the first letter as Weaviate does. */
  get(name: string): Collection | undefined {
    return this.collections.get(normalizeClassName(name));
  }

  shards(name: string): Array<{ name: string; status: string }> | undefined {
    const collection = this.get(name);
    return collection ? this.storage.shardsOf(collection.class) : undefined;
  }

  /**
   * PUT /v1/schema/{c}/shards/{s}: READONLY refuses writes to the shard, READY allows them
   * again (any case; INDEXING is computed, so it means READY).
   */
  async updateShardStatus(className: string, shardName: string, status: string): Promise<void> {
    const collection = this.get(className);
    if (!collection) {
      throw unprocessable(`cannot update shard status to a non-existing index for ${normalizeClassName(className)}`);
    }
    const next = settableShardStatuses[status.toUpperCase()];
    if (!next) throw unprocessable(`${status}: invalid storage status`);
    if (!(await this.storage.setShardStatus(collection.class, shardName, next))) {
      throw unprocessable(`class ${collection.class} has no physical shard "${shardName}"`);
    }
  }

  create(input: unknown): Promise<Collection> {
    return this.mutations.run(() => this.createLocked(input));
  }

  private async createLocked(input: unknown): Promise<Collection> {
    const validated = validateNewCollection(input, {
      existingClassNames: [...this.collections.keys()],
      ignoredKeys: this.ignoredKeys,
    });
    const collection = withDefaults(validated, this.defaults);
    await this.createStored([collection]);
    this.collections.set(collection.class, collection);
    this.changed({ kind: "created", collection });
    return collection;
  }

  /**
   * Creates several collections at once, all validated before any is created, so they may
   * reference each other. This is the `{"classes": [...]}` body the seeds post to /v1/schema.
   */
  createMany(inputs: unknown[]): Promise<Collection[]> {
    return this.mutations.run(async () => {
      const names = inputs.map((input) => {
        const name = (input as { class?: unknown } | null)?.class;
        return typeof name === "string" ? normalizeClassName(name) : "";
      });
      const existingClassNames = [...this.collections.keys()];
      const validated = inputs.map((input, i) =>
        validateNewCollection(input, {
          existingClassNames: [...existingClassNames, ...names.slice(0, i)],
          classesInSameRequest: names,
          ignoredKeys: this.ignoredKeys,
        }),
      );
      const created = validated.map((input) => withDefaults(input, this.defaults));
      await this.createStored(created);
      for (const collection of created) {
        this.collections.set(collection.class, collection);
        this.changed({ kind: "created", collection });
      }
      return created;
    });
  }

  /**
   * Brings back collections from a backup, all or none: refused up front when any class exists
   * (Weaviate never overwrites); `placeData` moves each class's verified, staged shards into
   * place; the definitions are persisted last, and a failure before that removes the placed data.
   */
  restore(definitions: readonly Collection[], placeData: (className: string) => Promise<void>): Promise<void> {
    return this.mutations.run(async () => {
      for (const definition of definitions) {
        validateClassName(definition.class);
        if (this.collections.has(definition.class)) {
          throw unprocessable(`cannot restore class "${definition.class}" because it already exists`);
        }
      }
      const placed: string[] = [];
      try {
        for (const definition of definitions) {
          await placeData(definition.class);
          placed.push(definition.class);
        }
        await this.createStored([...definitions]);
      } catch (error) {
        for (const className of placed) await this.storage.dropCollection(className);
        throw error;
      }
      for (const collection of definitions) {
        this.collections.set(collection.class, collection);
        this.changed({ kind: "created", collection });
      }
    });
  }

  update(name: string, input: unknown): Promise<Collection | undefined> {
    return this.mutations.run(async () => {
      const current = this.get(name);
      if (!current) return undefined;
      const updated = applyCollectionUpdate(current, input, { ...this.defaults, ignoredKeys: this.ignoredKeys });
      await this.replace(updated);
      return updated;
    });
  }

  /** Deletes a collection and its data; unknown names succeed (Weaviate answers 200). */
  delete(name: string): Promise<void> {
    return this.mutations.run(async () => {
      const current = this.get(name);
      if (!current) return;
      // Definition first: if we crash before the files are gone, startup removes the orphans.
      await this.persist(this.list().filter((collection) => collection !== current));
      this.collections.delete(current.class);
      await this.storage.dropCollection(current.class);
      this.changed({ kind: "deleted", className: current.class });
    });
  }

  addProperty(name: string, input: unknown): Promise<Property> {
    return this.mutations.run(async () => {
      const current = this.get(name);
      if (!current) throw unprocessable(`could not find class ${normalizeClassName(name)} not found`);
      const property = propertyWithDefaults(
        validateNewProperty(current, input, {
          existingClassNames: [...this.collections.keys()],
          ignoredKeys: this.ignoredKeys,
        }),
      );
      await this.replace({ ...current, properties: [...current.properties, property] });
      return property;
    });
  }

  /**
   * Auto-schema: makes sure `className` exists with the given properties, creating the class,
   * adding missing properties and missing nested properties of object properties with the
   * supplied definitions. Returns the current collection.
   */
  ensure(className: string, build: (existing: Collection | undefined) => AutoSchemaPlan): Promise<Collection> {
    return this.mutations.run(async () => {
      const existing = this.get(className);
      const plan = build(existing);
      if (!existing) {
        return this.createLocked({ class: className, description: plan.description, properties: plan.properties });
      }
      const targets = new Set(this.collections.keys());
      const properties = mergeAutoSchemaProperties(existing.properties, plan.properties, targets);
      if (!properties) return existing;
      const updated = { ...existing, properties };
      await this.replace(updated);
      return updated;
    });
  }

  private async replace(updated: Collection): Promise<void> {
    await this.persist(this.list().map((c) => (c.class === updated.class ? updated : c)));
    this.collections.set(updated.class, updated);
    this.storage.updateCollection(updated);
    this.changed({ kind: "updated", collection: updated });
  }

  /**
   * Creates the storage of new collections, then records their definitions. If recording
   * fails, the storage is dropped again so a retry starts from nothing.
   */
  private async createStored(created: Collection[]): Promise<void> {
    const opened: Collection[] = [];
    try {
      for (const collection of created) {
        await this.storage.createCollection(collection);
        opened.push(collection);
      }
      await this.persist([...this.collections.values(), ...created]);
    } catch (error) {
      for (const collection of opened) await this.storage.dropCollection(collection.class);
      throw error;
    }
  }

  private async persist(collections: readonly Collection[]): Promise<void> {
    await this.store.save(collections);
  }

  private changed(change: CollectionChange): void {
    this.generationCounter++;
    this.events.emit("change", change);
  }
}

/** What auto-schema wants to exist: properties (inferred) and the description for new things. */
export interface AutoSchemaPlan {
  description: string;
  properties: Property[];
}
