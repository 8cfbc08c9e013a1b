/**
 * Keeps the current GraphQL schema: rebuilt lazily, on the first request after the collections'
 * generation moved, so a collection created, changed or deleted is visible in the very next
 * query (and in introspection) without a restart, and a burst of schema changes costs one build.
 */
import type { GraphQLSchema } from "graphql";
import type { Collection } from "../domain/index.ts";
import { buildSchema } from "./build-schema.ts";

/** What the registry reads from the collections. */
export interface CollectionSnapshot {
  readonly generation: number;
  list(): Collection[];
}

export interface CurrentSchema {
  generation: number;
  schema: GraphQLSchema;
  collections: ReadonlyMap<string, Collection>;
}

export class SchemaRegistry {
  private cached: CurrentSchema | undefined;

  constructor(private readonly collections: CollectionSnapshot) {}

  current(): CurrentSchema {
    const generation = this.collections.generation;
    if (this.cached?.generation !== generation) {
      const list = this.collections.list().sort((a, b) => (a.class < b.class ? -1 : a.class > b.class ? 1 : 0));
      this.cached = {
        generation,
        schema: buildSchema(list),
        collections: new Map(list.map((collection) => [collection.class.toLowerCase(), collection])),
      };
    }
    return this.cached;
  }
}
