/**
 * The GraphQL schema built from all the fixture collections, and lookups that read its generated
 * types back through graphql-js, failing the test when a type is missing or of the wrong kind.
 * Shared by the schema-*-types tests.
 */
import assert from "node:assert/strict";
import {
  type GraphQLEnumType,
  type GraphQLInputObjectType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLUnionType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isObjectType,
  isUnionType,
} from "graphql";
import { buildSchema } from "../../../src/graphql/build-schema.ts";
import { allCollections } from "./fixtures.ts";

export const schema = buildSchema(allCollections);

export function named(name: string): GraphQLNamedType {
  const type = schema.getType(name);
  assert.ok(type, `type ${name} should exist`);
  return type;
}
export const object = (name: string): GraphQLObjectType => {
  const type = named(name);
  assert.ok(isObjectType(type), `${name} should be an object type`);
  return type;
};
export const input = (name: string): GraphQLInputObjectType => {
  const type = named(name);
  assert.ok(isInputObjectType(type), `${name} should be an input type`);
  return type;
};
export const enumType = (name: string): GraphQLEnumType => {
  const type = named(name);
  assert.ok(isEnumType(type), `${name} should be an enum`);
  return type;
};
export const union = (name: string): GraphQLUnionType => {
  const type = named(name);
  assert.ok(isUnionType(type), `${name} should be a union`);
  return type;
};
export const fieldNames = (type: GraphQLObjectType | GraphQLInputObjectType) => Object.keys(type.getFields()).sort();
export const fieldType = (owner: string, field: string) => {
  const found = object(owner).getFields()[field];
  assert.ok(found, `${owner}.${field} should exist`);
  return getNamedType(found.type).name;
};
