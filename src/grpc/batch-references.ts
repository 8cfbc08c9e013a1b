/**
 * BatchReferences: each BatchReference becomes the `{from, to}` beacon pair the REST batch
 * takes, and goes through the same use case; the reply lists the references that failed, by index.
 */
import type { BatchItem, ReferenceInput, ReferenceOutcome } from "../objects/index.ts";
import type { BatchReference, BatchReferencesReply, BatchReferencesRequest } from "./generated/v1/batch.ts";

/** What BatchReferences needs from the objects use case. */
export interface ReferenceBatcher {
  batchReferences(items: ReadonlyArray<BatchItem<ReferenceInput>>): Promise<ReferenceOutcome[]>;
}

function referenceInputOf(reference: BatchReference): BatchItem<ReferenceInput> {
  // No target collection: the beacon names none, and the property's one target is looked up.
  const to = reference.toCollection
    ? `weaviate://localhost/${reference.toCollection}/${reference.toUuid}`
    : `weaviate://localhost/${reference.toUuid}`;
  return {
    ok: {
      from: `weaviate://localhost/${reference.fromCollection}/${reference.fromUuid}/${reference.name}`,
      to,
      ...(reference.tenant !== "" ? { tenant: reference.tenant } : {}),
    },
  };
}

export async function batchReferences(
  objects: ReferenceBatcher,
  request: BatchReferencesRequest,
  started: number,
): Promise<BatchReferencesReply> {
  if (request.references.length === 0) return { took: 0, errors: [] };
  const outcomes = await objects.batchReferences(request.references.map(referenceInputOf));
  const errors = outcomes.flatMap((outcome, index) => ("error" in outcome ? [{ index, error: outcome.error.message }] : []));
  return { took: (performance.now() - started) / 1000, errors };
}
