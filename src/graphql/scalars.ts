/**
 * Custom scalars of the generated schema. Where values accept a single value or a list (lists
 * for ContainsAny/All/None), which Weaviate models as one scalar per value kind and class; the
 * nearVector `vector` accepts a list of numbers.
 */
import { GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { carriedVector } from "./vector-literals.ts";

export type ValueKind = "text" | "int" | "float" | "boolean";

function literal(kind: ValueKind, node: ValueNode): unknown {
  switch (kind) {
    case "text":
      if (node.kind === Kind.STRING) return node.value;
      break;
    case "int":
      if (node.kind === Kind.INT) return Number(node.value);
      break;
    case "float":
      if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return Number(node.value);
      break;
    case "boolean":
      if (node.kind === Kind.BOOLEAN) return node.value;
      break;
  }
  // A plain error (not a GraphQLError) lets graphql-js wrap it with the type name and location.
  throw new TypeError(`expected ${kind === "int" ? "an" : "a"} ${kind} value`);
}

function fromVariable(kind: ValueKind, value: unknown): unknown {
  const ok =
    (kind === "text" && typeof value === "string") ||
    (kind === "int" && Number.isSafeInteger(value)) ||
    (kind === "float" && typeof value === "number" && Number.isFinite(value)) ||
    (kind === "boolean" && typeof value === "boolean");
  if (!ok) throw new TypeError(`expected ${kind === "int" ? "an" : "a"} ${kind} value`);
  return value;
}

/** A where value scalar: one value of `kind`, or a list of them. */
export function valueScalar(name: string, kind: ValueKind): GraphQLScalarType {
  return new GraphQLScalarType({
    name,
    description: `${kind === "int" ? "An" : "A"} ${kind} value, or a list of them for the Contains operators`,
    serialize: (value) => value,
    parseValue: (value) => (Array.isArray(value) ? value.map((v) => fromVariable(kind, v)) : fromVariable(kind, value)),
    parseLiteral: (node) =>
      node.kind === Kind.LIST ? node.values.map((item) => literal(kind, item)) : literal(kind, node),
  });
}

function vectorFromLiteral(node: ValueNode): number[] {
  // A vector cut out of the query text before parsing, carried back by the request's document
  // (vector-literals.ts); a placeholder without one fails below, as a list of a string.
  const carried = carriedVector(node);
  if (carried) return carried;
  if (node.kind !== Kind.LIST) throw new TypeError("vector must be a list of numbers");
  return node.values.map((item) => {
    if (item.kind !== Kind.INT && item.kind !== Kind.FLOAT) {
      throw new TypeError("vector must be a list of numbers");
    }
    return Number(item.value);
  });
}

/** The nearVector `vector` scalar: a list of numbers. */
export function vectorScalar(name: string): GraphQLScalarType {
  return new GraphQLScalarType({
    name,
    description: "A vector: a list of numbers",
    serialize: (value) => value,
    parseValue: (value) => {
      if (!Array.isArray(value) || !value.every((v) => typeof v === "number" && Number.isFinite(v))) {
        throw new TypeError("vector must be a list of numbers");
      }
      return value;
    },
    parseLiteral: (node) => vectorFromLiteral(node),
  });
}
