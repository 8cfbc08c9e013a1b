/**
 * Collections for the GraphQL tests, built the way CollectionService builds them (validated, then
 * defaulted), and the limits the resolvers read.
 */
import { withDefaults } from "../../../src/collections/defaults.ts";
import { validateNewCollection } from "../../../src/collections/validate.ts";
import type { Collection } from "../../../src/domain/index.ts";
import type { GraphQLLimits } from "../../../src/graphql/context.ts";
import { defaultsCtx } from "../collections/helpers.ts";

export { assertUnprocessable } from "../collections/helpers.ts";

/** Validates and defaults one class definition; `others` are the classes it may reference. */
export function collection(input: Record<string, unknown>, others: readonly string[] = []): Collection {
  return withDefaults(
    validateNewCollection(input, { existingClassNames: [], classesInSameRequest: [...others, String(input["class"])] }),
    defaultsCtx,
  );
}

export const author = collection({
  class: "Author",
  properties: [
    { name: "name", dataType: ["text"] },
    { name: "age", dataType: ["int"] },
  ],
});

export const article = collection(
  {
    class: "Article",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "tags", dataType: ["text[]"] },
      { name: "wordCount", dataType: ["int"] },
      { name: "published", dataType: ["date"] },
      { name: "location", dataType: ["geoCoordinates"] },
      { name: "hasAuthor", dataType: ["Author"] },
    ],
  },
  ["Author"],
);

/** A class with every data type, two reference targets and named vectors. */
export const everything = collection(
  {
    class: "Everything",
    vectorConfig: { first: {}, second: { vectorIndexType: "flat" } },
    properties: [
      { name: "text", dataType: ["text"] },
      { name: "texts", dataType: ["text[]"] },
      { name: "int", dataType: ["int"] },
      { name: "ints", dataType: ["int[]"] },
      { name: "number", dataType: ["number"] },
      { name: "boolean", dataType: ["boolean"] },
      { name: "date", dataType: ["date"] },
      { name: "uuid", dataType: ["uuid"] },
      { name: "geo", dataType: ["geoCoordinates"] },
      { name: "phone", dataType: ["phoneNumber"] },
      { name: "blob", dataType: ["blob"] },
      {
        name: "obj",
        dataType: ["object"],
        nestedProperties: [
          { name: "a", dataType: ["text"] },
          { name: "inner", dataType: ["object"], nestedProperties: [{ name: "b", dataType: ["int"] }] },
        ],
      },
      { name: "objs", dataType: ["object[]"], nestedProperties: [{ name: "c", dataType: ["boolean"] }] },
      { name: "ref", dataType: ["Article", "Author"] },
    ],
  },
  ["Article", "Author"],
);

/** Named like a built-in scalar: its Get type must be `_DateTime`. */
export const dateTimeClass = collection({ class: "DateTime", properties: [{ name: "x", dataType: ["text"] }] });

export const tenanted = collection({
  class: "Tenanted",
  multiTenancyConfig: { enabled: true },
  properties: [{ name: "x", dataType: ["text"] }],
});

export const allCollections: readonly Collection[] = [article, author, everything, dateTimeClass, tenanted];

export const limits: GraphQLLimits = {
  defaultLimit: 10,
  defaultLimitGraphql: 100,
  maximumResults: 10000,
  crossReferenceDepth: 5,
};

/** A lookup over `collections` by exact class name, as the GraphQL context offers it. */
export function lookupIn(collections: readonly Collection[]): (className: string) => Collection | undefined {
  return (className) => collections.find((c) => c.class === className);
}
