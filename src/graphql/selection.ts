/**
 * Reads what a query selected, before any work starts: whether `_additional` asks for a field,
 * and how deep cross-references nest (refused past QUERY_CROSS_REFERENCE_DEPTH_LIMIT).
 */
import {
  type FieldNode,
  type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from "graphql";
import { type Collection, findProperty, isReferenceType } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";

type Fragments = Record<string, FragmentDefinitionNode>;

/** Field nodes of a selection set, with fragments (inline and named) flattened. */
interface SelectedField {
  field: FieldNode;
  /** The type condition of the fragment the field came from, if any. */
  on: string | undefined;
}

function* fieldsOf(set: SelectionSetNode | undefined, fragments: Fragments): Generator<SelectedField> {
  if (!set) return;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) yield { field: selection, on: undefined };
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition?.name.value;
      // The innermost type condition decides which class a field belongs to.
      for (const inner of fieldsOf(selection.selectionSet, fragments)) yield { field: inner.field, on: inner.on ?? on };
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment) continue;
      const on = fragment.typeCondition.name.value;
      for (const inner of fieldsOf(fragment.selectionSet, fragments)) yield { field: inner.field, on: inner.on ?? on };
    }
  }
}

/** True when `_additional { <name> }` is selected on the resolved field. */
export function selectsAdditional(info: GraphQLResolveInfo, name: string): boolean {
  for (const node of info.fieldNodes) {
    for (const { field } of fieldsOf(node.selectionSet, info.fragments)) {
      if (field.name.value !== "_additional") continue;
      for (const inner of fieldsOf(field.selectionSet, info.fragments)) {
        if (inner.field.name.value === name) return true;
      }
    }
  }
  return false;
}

function depthOf(
  set: SelectionSetNode | undefined,
  collection: Collection,
  fragments: Fragments,
  lookup: (className: string) => Collection | undefined,
  limit: number,
  depth: number,
): void {
  for (const { field } of fieldsOf(set, fragments)) {
    const property = findProperty(collection.properties, field.name.value);
    if (!property || !isReferenceType(property.dataType)) continue;
    if (depth + 1 > limit) {
      throw unprocessable(
        `nested references are too deep: '${collection.class}.${property.name}' is at depth ${depth + 1}, ` +
          `the limit (QUERY_CROSS_REFERENCE_DEPTH_LIMIT) is ${limit}`,
      );
    }
    for (const { field: inner, on } of fieldsOf(field.selectionSet, fragments)) {
      const target = on ? lookup(on.replace(/^_/, "")) : undefined;
      if (!target || !inner.selectionSet) continue;
      depthOf({ kind: Kind.SELECTION_SET, selections: [inner] }, target, fragments, lookup, limit, depth + 1);
    }
  }
}

/** Refuses a selection whose references nest deeper than `limit`. */
export function checkReferenceDepth(
  info: GraphQLResolveInfo,
  collection: Collection,
  lookup: (className: string) => Collection | undefined,
  limit: number,
): void {
  for (const node of info.fieldNodes) depthOf(node.selectionSet, collection, info.fragments, lookup, limit, 0);
}

// Scores come with the hit, like distances: selecting them needs no object read either.
const identityFields = new Set(["id", "distance", "certainty", "score", "explainScore", "__typename"]);

/**
 * True when a Get selects nothing but `_additional { id distance certainty }`: the search then
 * answers from the vector index alone, without reading the objects.
 */
export function selectsOnlyIdentity(info: GraphQLResolveInfo): boolean {
  for (const node of info.fieldNodes) {
    for (const { field } of fieldsOf(node.selectionSet, info.fragments)) {
      const name = field.name.value;
      if (name === "__typename") continue;
      if (name !== "_additional") return false;
      for (const inner of fieldsOf(field.selectionSet, info.fragments)) {
        if (!identityFields.has(inner.field.name.value)) return false;
      }
    }
  }
  return true;
}
