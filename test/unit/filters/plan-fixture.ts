/**
 * The where-filter planner's test bed, shared by the plan-*.test.ts files: a Doc
 * collection, five objects, an in-memory FilterShard that indexes them as storage/inverted.ts
 * does and records what it was asked, filter builders, and `plan` / `truth` to compare the
 * planner's candidates with what matchesFilter accepts.
 */
import type {
  Collection,
  ComparisonFilter,
  Filter,
  FilterValueType,
  Property,
  StoredObject,
} from "../../../src/domain/index.ts";
import { tokenize } from "../../../src/domain/index.ts";
import { matchesFilter } from "../../../src/filters/match.ts";
import { planFilter } from "../../../src/filters/plan.ts";
import type { FilterShard, IndexLookup, LabelledObject } from "../../../src/filters/ports.ts";

function collection(name: string, properties: Property[]): Collection {
  return {
    class: name,
    properties,
    invertedIndexConfig: {},
    multiTenancyConfig: { enabled: false, autoTenantCreation: false, autoTenantActivation: false },
    replicationConfig: {},
    shardingConfig: {},
  };
}

export const doc = collection("Doc", [
  { name: "title", dataType: ["text"], tokenization: "word" },
  { name: "code", dataType: ["text"], tokenization: "field" },
  { name: "tags", dataType: ["text[]"] },
  { name: "rank", dataType: ["int"] },
  { name: "scores", dataType: ["number[]"] },
  { name: "when", dataType: ["date"] },
  { name: "open", dataType: ["boolean"] },
  { name: "other", dataType: ["uuid"] },
  { name: "place", dataType: ["geoCoordinates"] },
  { name: "hidden", dataType: ["int"], indexFilterable: false },
  { name: "hasAuthor", dataType: ["Author"] },
]);

/** What storage/inverted.ts indexes for one property value. */
function indexValues(property: Property, raw: unknown): Array<string | number | boolean> {
  if (raw === undefined || raw === null) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  switch ((property.dataType[0] ?? "").replace("[]", "")) {
    case "text":
      return items.flatMap((item) => tokenize(String(item), property.tokenization ?? "word"));
    case "int":
    case "number":
      return items as number[];
    case "date":
      return items.map((item) => Date.parse(String(item)));
    case "boolean":
      return items as boolean[];
    case "uuid":
      return items.map((item) => String(item).toLowerCase());
    default:
      return [];
  }
}

function compare(a: string | number | boolean, b: string | number | boolean): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const satisfies: Record<IndexLookup["operator"], (order: number) => boolean> = {
  Equal: (o) => o === 0,
  GreaterThan: (o) => o > 0,
  GreaterThanEqual: (o) => o >= 0,
  LessThan: (o) => o < 0,
  LessThanEqual: (o) => o <= 0,
};

/** An in-memory FilterShard (the narrow port filters read) that records what it was asked. */
export class FakeShard implements FilterShard {
  lookups: IndexLookup[] = [];
  recordReads = 0;
  scans = 0;
  private readonly records: LabelledObject[];

  constructor(
    private readonly collection: Collection,
    objects: StoredObject[],
  ) {
    this.records = objects.map((object, i) => ({ object, docId: i + 1 }));
  }

  async getRecords(ids: string[]): Promise<Array<LabelledObject | undefined>> {
    this.recordReads += ids.length;
    return ids.map((id) => this.records.find((record) => record.object.id === id));
  }

  async *scanByDocId(): AsyncIterable<LabelledObject> {
    this.scans++;
    yield* this.records;
  }

  async *indexLookup(lookup: IndexLookup): AsyncIterable<{ id: string; docId: number }> {
    this.lookups.push(lookup);
    const property = this.collection.properties.find((p) => p.name === lookup.property)!;
    for (const { object, docId } of this.records) {
      const values = indexValues(property, object.properties[property.name]);
      if (values.some((value) => satisfies[lookup.operator](compare(value, lookup.value)))) {
        yield { id: object.id, docId };
      }
    }
  }
}

export function uuid(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

function make(i: number, properties: Record<string, unknown>): StoredObject {
  return { id: uuid(i), className: "Doc", properties, vectors: {}, creationTimeUnix: i, lastUpdateTimeUnix: i };
}

export const objects = [
  make(1, { title: "Hello World", code: "A-1", tags: ["red", "blue"], rank: 1, when: "2020-01-01T00:00:00Z" }),
  make(2, { title: "hello there", code: "B-2", tags: ["blue"], rank: 2, open: true, other: uuid(9) }),
  make(3, { title: "goodbye world", tags: [], rank: 3, scores: [1.5, 9], when: "2020-01-01T00:00:00.0005Z" }),
  make(4, { title: "", rank: 4, open: false, when: "2021-06-01T12:00:00.25+02:00" }),
  make(5, { code: "A-1", scores: [2], open: true, hidden: 7, place: { latitude: 1, longitude: 2 } }),
];

export function cmp(path: string | string[], operator: ComparisonFilter["operator"], value: unknown): ComparisonFilter {
  const first = Array.isArray(value) ? value[0] : value;
  const valueType: FilterValueType =
    typeof first === "number" ? (Number.isInteger(first) ? "int" : "number") : typeof first === "boolean" ? "boolean" : "text";
  return {
    kind: "compare",
    operator,
    path: Array.isArray(path) ? path : [path],
    valueType,
    value: value as ComparisonFilter["value"],
  };
}
export const and = (...operands: Filter[]): Filter => ({ kind: "logical", operator: "And", operands });
export const or = (...operands: Filter[]): Filter => ({ kind: "logical", operator: "Or", operands });
export const not = (operand: Filter): Filter => ({ kind: "logical", operator: "Not", operands: [operand] });

export async function plan(filter: Filter) {
  const shard = new FakeShard(doc, objects);
  const result = await planFilter(filter, doc, shard);
  const ids = result?.candidates.map((candidate) => Number.parseInt(candidate.id.slice(-4), 16));
  return { shard, result, ids };
}

/** The objects matchesFilter accepts, by number. */
export function truth(filter: Filter): number[] {
  return objects.filter((object) => matchesFilter(filter, object, doc)).map((o) => Number.parseInt(o.id.slice(-4), 16));
}
