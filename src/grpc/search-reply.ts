/**
 * Search hits → SearchReply: each result's picked properties (typed, values.ts), its references
 * resolved level by level through the search use case's reference resolver (one batched read
 * per level and target collection), and the metadata asked for with its `*_present` flags.
 * Grouped searches answer in `group_by_results`, whose objects carry id, vectors and distance only.
 */
import { LEGACY_VECTOR, type SearchHit } from "../domain/index.ts";
import type { ReferenceResolver, ResultObject } from "../search/index.ts";
import { Vectors_VectorType } from "./generated/v1/base.ts";
import type { GroupByResult, MetadataResult, PropertiesResult, SearchReply, SearchResult } from "./generated/v1/search_get.ts";
import type { MetadataPick, Selection } from "./search-request.ts";
import { propertiesOf } from "./values.ts";
import { packFloat32 } from "./vectors.ts";

const emptyMetadata = (): MetadataResult => ({
  id: "",
  vector: [],
  creationTimeUnix: 0,
  creationTimeUnixPresent: false,
  lastUpdateTimeUnix: 0,
  lastUpdateTimeUnixPresent: false,
  distance: 0,
  distancePresent: false,
  certainty: 0,
  certaintyPresent: false,
  score: 0,
  scorePresent: false,
  explainScore: "",
  explainScorePresent: false,
  generative: "",
  generativePresent: false,
  isConsistentPresent: false,
  vectorBytes: Buffer.alloc(0),
  idAsBytes: Buffer.alloc(0),
  rerankScore: 0,
  rerankScorePresent: false,
  vectors: [],
});

function metadataOf(hit: SearchHit, pick: MetadataPick): MetadataResult {
  const { object } = hit;
  const out = emptyMetadata();
  // The clients need every result's id (they build references and iterators from it).
  out.id = object.id;
  if (pick.creationTimeUnix) Object.assign(out, { creationTimeUnix: object.creationTimeUnix, creationTimeUnixPresent: true });
  if (pick.lastUpdateTimeUnix) Object.assign(out, { lastUpdateTimeUnix: object.lastUpdateTimeUnix, lastUpdateTimeUnixPresent: true });
  if (pick.distance && hit.distance !== undefined) Object.assign(out, { distance: hit.distance, distancePresent: true });
  if (pick.certainty && hit.certainty !== undefined) Object.assign(out, { certainty: hit.certainty, certaintyPresent: true });
  if (pick.score && hit.score !== undefined) Object.assign(out, { score: hit.score, scorePresent: true });
  if (pick.explainScore && hit.explainScore !== undefined) {
    Object.assign(out, { explainScore: hit.explainScore, explainScorePresent: true });
  }
  const legacy = object.vectors[LEGACY_VECTOR];
  if (pick.vector && legacy) out.vectorBytes = packFloat32(legacy);
  for (const name of pick.vectors) {
    const vector = object.vectors[name];
    if (vector) out.vectors.push({ name, index: 0, vectorBytes: packFloat32(vector), type: Vectors_VectorType.VECTOR_TYPE_SINGLE_FP32 });
  }
  return out;
}

async function propertiesResultOf(
  source: ResultObject,
  selection: Selection,
  references: ReferenceResolver,
): Promise<PropertiesResult> {
  // A reference property the object holds nothing in is left out, as Weaviate leaves it out.
  const held = selection.references.filter((reference) => source.hit.object.properties[reference.property] !== undefined);
  const refProps = await Promise.all(
    held.map(async (reference) => {
      const targets = (await references.load(source, reference.property)).filter(
        (target) => target.collection.class === reference.target.class,
      );
      const properties = await Promise.all(
        targets.map(async (target) => ({
          ...(await propertiesResultOf(target, reference.selection, references)),
          metadata: metadataOf(target.hit, reference.selection.metadata),
        })),
      );
      return { propName: reference.property, properties };
    }),
  );
  return {
    nonRefProps: propertiesOf(source.hit.object.properties, selection.properties, selection.collection.properties),
    refProps,
    refPropsRequested: selection.referencesRequested,
    targetCollection: selection.collection.class,
  };
}

async function resultOf(
  hit: SearchHit,
  selection: Selection,
  tenant: string | undefined,
  references: ReferenceResolver,
  metadata: MetadataPick = selection.metadata,
): Promise<SearchResult> {
  const source: ResultObject = { hit, collection: selection.collection, ...(tenant !== undefined ? { tenant } : {}) };
  return { properties: await propertiesResultOf(source, selection, references), metadata: metadataOf(hit, metadata) };
}

/** Grouped objects carry what Weaviate's groups carry: id, vectors and distance. */
const groupMetadata = (pick: MetadataPick): MetadataPick => ({
  ...pick,
  creationTimeUnix: false,
  lastUpdateTimeUnix: false,
  certainty: false,
});

export async function searchReplyOf(
  hits: readonly SearchHit[],
  selection: Selection,
  tenant: string | undefined,
  references: ReferenceResolver,
  options: { grouped: boolean; started: number },
): Promise<SearchReply> {
  const reply: SearchReply = { took: 0, results: [], groupByResults: [] };
  if (options.grouped) {
    reply.groupByResults = await Promise.all(
      hits.map(async (hit): Promise<GroupByResult> => {
        const group = hit.group!;
        const objects = await Promise.all(
          group.hits.map((member) => resultOf(member, selection, tenant, references, groupMetadata(selection.metadata))),
        );
        return {
          name: group.groupedBy.value,
          minDistance: group.minDistance,
          maxDistance: group.maxDistance,
          numberOfObjects: group.count,
          objects,
        };
      }),
    );
  } else {
    reply.results = await Promise.all(hits.map((hit) => resultOf(hit, selection, tenant, references)));
  }
  reply.took = (performance.now() - options.started) / 1000;
  return reply;
}
