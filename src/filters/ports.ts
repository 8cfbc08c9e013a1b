/**
 * What filter execution needs from its neighbours. Declared here (the consumer owns its
 * interfaces) so this folder never imports search's or shards' types: search hands in its shards,
 * which satisfy FilterShard structurally, and the shards' Shard answers indexLookup.
 */
import type { Collection, StoredObject } from "../domain/index.ts";

/** An object with its current vector label (docId). */
export interface LabelledObject {
  object: StoredObject;
  docId: number;
}

/**
 * One comparison the inverted index answers directly (only for properties with
 * indexFilterable). Text values are single tokens as the property's tokenization makes them;
 * dates are epoch milliseconds; uuids lower-case.
 */
export interface IndexLookup {
  property: string;
  type: "text" | "number" | "boolean" | "uuid";
  operator: "Equal" | "GreaterThan" | "GreaterThanEqual" | "LessThan" | "LessThanEqual";
  value: string | number | boolean;
}

/** The read side of one shard that planning and executing a filter use. */
export interface FilterShard {
  getRecords(ids: string[]): Promise<Array<LabelledObject | undefined>>;
  /** Objects in insertion (docId) order. */
  scanByDocId(): AsyncIterable<LabelledObject>;
  /** Objects (id and current vector label) whose index entries satisfy one comparison. */
  indexLookup(lookup: IndexLookup): AsyncIterable<{ id: string; docId: number }>;
}

/** How a reference path reaches the collection it points into. */
export interface FilterRefs {
  /** A collection by class name (any case); undefined when it does not exist. */
  collection(name: string): Collection | undefined;
  /** The shards to search for objects of a class (its canonical name). */
  shards(className: string): FilterShard[];
}
