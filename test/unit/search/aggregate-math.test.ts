import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Property } from "../../../src/domain/index.ts";
import { formatRfc3339NanoUtc } from "../../../src/search/aggregate-date.ts";
import { aggregateValues, compareCodePoints } from "../../../src/search/aggregate-math.ts";

function prop(...dataType: string[]): Property {
  return { name: "p", dataType };
}

describe("aggregateValues: text", () => {
  it("counts whole values and ranks them by occurrences, then value", () => {
    const result = aggregateValues(prop("text"), ["b", "a", "b", "c a", "a", "b", null, undefined]);
    assert.deepEqual(result, {
      count: 6,
      type: "text",
      topOccurrences: [
        { value: "b", occurs: 3 },
        { value: "a", occurs: 2 },
        { value: "c a", occurs: 1 },
      ],
    });
  });

  it("breaks ties by value ascending", () => {
    const result = aggregateValues(prop("text"), ["zeta", "alpha", "Mid", "alpha", "zeta", "beta"]);
    assert.deepEqual(result["topOccurrences"], [
      { value: "alpha", occurs: 2 },
      { value: "zeta", occurs: 2 },
      { value: "Mid", occurs: 1 },
      { value: "beta", occurs: 1 },
    ]);
  });

  it("keeps at most 5 entries by default and honours a limit", () => {
    const values = ["a", "b", "c", "d", "e", "f", "g", "a"];
    const byDefault = aggregateValues(prop("text"), values)["topOccurrences"] as unknown[];
    assert.equal(byDefault.length, 5);
    assert.deepEqual(byDefault[0], { value: "a", occurs: 2 });
    assert.deepEqual(aggregateValues(prop("text"), values, { topOccurrencesLimit: 2 })["topOccurrences"], [
      { value: "a", occurs: 2 },
      { value: "b", occurs: 1 },
    ]);
    assert.equal((aggregateValues(prop("text"), values, { topOccurrencesLimit: 100 })["topOccurrences"] as unknown[]).length, 7);
    // The limit cuts the ranking; it never changes count.
    assert.equal(aggregateValues(prop("text"), values, { topOccurrencesLimit: 1 })["count"], 8);
  });

  it("still returns the top entry for a limit below 1, as Weaviate does", () => {
    const result = aggregateValues(prop("text"), ["x", "y", "y"], { topOccurrencesLimit: 0 });
    assert.deepEqual(result["topOccurrences"], [{ value: "y", occurs: 2 }]);
  });

  it("counts text[] elements individually and prints the array type", () => {
    const result = aggregateValues(prop("text[]"), [["a", "b"], ["a"], [], null, ["c", "a"]]);
    assert.deepEqual(result, {
      count: 5,
      type: "text[]",
      topOccurrences: [
        { value: "a", occurs: 3 },
        { value: "b", occurs: 1 },
        { value: "c", occurs: 1 },
      ],
    });
  });

  it("treats the legacy string types as text and prints them as stored", () => {
    assert.deepEqual(aggregateValues(prop("string"), ["x"]), {
      count: 1,
      type: "string",
      topOccurrences: [{ value: "x", occurs: 1 }],
    });
    assert.equal(aggregateValues(prop("string[]"), [["x", "y"]])["count"], 2);
  });

  it("gives count 0 and no occurrences for an empty set", () => {
    assert.deepEqual(aggregateValues(prop("text"), []), { count: 0, type: "text", topOccurrences: [] });
    assert.deepEqual(aggregateValues(prop("text"), [null, undefined]), { count: 0, type: "text", topOccurrences: [] });
  });

  it("counts the empty string as a value", () => {
    assert.deepEqual(aggregateValues(prop("text"), ["", ""])["topOccurrences"], [{ value: "", occurs: 2 }]);
  });

  it("orders values by code point like Go's byte order", () => {
    const astral = "\u{1F600}";
    const privateUse = "\uE000";
    const result = aggregateValues(prop("text"), [astral, privateUse, "a"]);
    assert.deepEqual(result["topOccurrences"], [
      { value: "a", occurs: 1 },
      { value: privateUse, occurs: 1 },
      { value: astral, occurs: 1 },
    ]);
  });
});

describe("compareCodePoints", () => {
  it("agrees with plain comparison on BMP text and puts prefixes first", () => {
    assert.ok(compareCodePoints("a", "b") < 0);
    assert.ok(compareCodePoints("B", "a") < 0);
    assert.ok(compareCodePoints("ab", "abc") < 0);
    assert.equal(compareCodePoints("same", "same"), 0);
  });

  it("sorts astral characters after U+E000..U+FFFF", () => {
    assert.ok(compareCodePoints("\u{10000}", "\uFFFF") > 0);
    assert.ok(compareCodePoints("\uFFFF", "\u{10000}") < 0);
    assert.ok(compareCodePoints("\u{1F600}", "\u{1F601}") < 0);
  });
});

describe("aggregateValues: numbers", () => {
  it("computes every statistic for an odd count", () => {
    assert.deepEqual(aggregateValues(prop("int"), [3, 1, 2, 2, 7]), {
      count: 5,
      type: "int",
      minimum: 1,
      maximum: 7,
      mean: 3,
      median: 2,
      mode: 2,
      sum: 15,
    });
  });

  it("takes the mean of the two middle values for an even count", () => {
    const result = aggregateValues(prop("number"), [4.5, 1, 10, 2]);
    assert.equal(result["median"], 3.25);
    assert.equal(result["mean"], 4.375);
    assert.equal(result["sum"], 17.5);
    assert.equal(aggregateValues(prop("int"), [1, 2])["median"], 1.5);
  });

  it("uses the shared value as median when both middles are equal", () => {
    assert.equal(aggregateValues(prop("int"), [1, 5, 5, 9])["median"], 5);
  });

  it("picks the smallest value on a mode tie", () => {
    assert.equal(aggregateValues(prop("int"), [9, 9, 4, 4, 6])["mode"], 4);
    assert.equal(aggregateValues(prop("number"), [3.5, -1, 2])["mode"], -1);
    assert.equal(aggregateValues(prop("int"), [1, 8, 8, 2, 2, 8])["mode"], 8);
  });

  it("handles negative values and a single value", () => {
    assert.deepEqual(aggregateValues(prop("number"), [-2.5]), {
      count: 1,
      type: "number",
      minimum: -2.5,
      maximum: -2.5,
      mean: -2.5,
      median: -2.5,
      mode: -2.5,
      sum: -2.5,
    });
    const result = aggregateValues(prop("int"), [-3, -10, -1]);
    assert.equal(result["minimum"], -10);
    assert.equal(result["maximum"], -1);
  });

  it("counts array elements individually for int[] and number[]", () => {
    assert.deepEqual(aggregateValues(prop("int[]"), [[1, 2], [], null, [2, 3, 4]]), {
      count: 5,
      type: "int[]",
      minimum: 1,
      maximum: 4,
      mean: 2.4,
      median: 2,
      mode: 2,
      sum: 12,
    });
    assert.equal(aggregateValues(prop("number[]"), [[0.5], [1.5]])["type"], "number[]");
  });

  it("skips absent values and gives nulls beside count 0 for an empty set", () => {
    const empty = { count: 0, type: "int", minimum: null, maximum: null, mean: null, median: null, mode: null, sum: null };
    assert.deepEqual(aggregateValues(prop("int"), []), empty);
    assert.deepEqual(aggregateValues(prop("int"), [null, undefined, []]), empty);
    assert.equal(aggregateValues(prop("number"), [null, 4, undefined])["count"], 1);
  });

  it("does not let input order matter", () => {
    assert.deepEqual(aggregateValues(prop("number"), [5, 1, 3]), aggregateValues(prop("number"), [3, 5, 1]));
  });
});

describe("aggregateValues: booleans", () => {
  it("counts true and false and gives fractions of the count", () => {
    assert.deepEqual(aggregateValues(prop("boolean"), [true, false, true, null, true]), {
      count: 4,
      type: "boolean",
      totalTrue: 3,
      totalFalse: 1,
      percentageTrue: 0.75,
      percentageFalse: 0.25,
    });
  });

  it("counts boolean[] elements individually", () => {
    assert.deepEqual(aggregateValues(prop("boolean[]"), [[true, true], [false], null]), {
      count: 3,
      type: "boolean[]",
      totalTrue: 2,
      totalFalse: 1,
      percentageTrue: 2 / 3,
      percentageFalse: 1 / 3,
    });
  });

  it("gives zeros everywhere for an empty set", () => {
    assert.deepEqual(aggregateValues(prop("boolean"), [null]), {
      count: 0,
      type: "boolean",
      totalTrue: 0,
      totalFalse: 0,
      percentageTrue: 0,
      percentageFalse: 0,
    });
  });
});

describe("aggregateValues: dates", () => {
  it("echoes stored strings for minimum, maximum, mode and an odd median", () => {
    const values = ["2021-03-01T00:00:00Z", "2020-01-01T10:00:00+02:00", "2022-06-30T12:00:00.5Z", "2021-03-01T00:00:00Z", null];
    assert.deepEqual(aggregateValues(prop("date"), values.concat(["2023-01-01T00:00:00Z"])), {
      count: 5,
      type: "date",
      minimum: "2020-01-01T10:00:00+02:00",
      maximum: "2023-01-01T00:00:00Z",
      median: "2021-03-01T00:00:00Z",
      mode: "2021-03-01T00:00:00Z",
    });
  });

  it("prints the midpoint in UTC for an even count with different middles", () => {
    const result = aggregateValues(prop("date"), ["2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z"]);
    assert.equal(result["median"], "2020-01-01T12:00:00Z");
    const withOffset = aggregateValues(prop("date"), ["2020-01-01T01:00:00+01:00", "2020-01-01T00:00:01Z"]);
    assert.equal(withOffset["median"], "2020-01-01T00:00:00.5Z");
  });

  it("keeps nanosecond precision in the midpoint and rounds down", () => {
    const result = aggregateValues(prop("date"), ["2020-01-01T00:00:00.000000001Z", "2020-01-01T00:00:00.000000004Z"]);
    assert.equal(result["median"], "2020-01-01T00:00:00.000000002Z");
  });

  it("echoes the shared value when both middles are the same instant", () => {
    const result = aggregateValues(prop("date"), ["2020-01-01T00:00:00Z", "2021-01-01T00:00:00+00:00", "2021-01-01T00:00:00Z", "2022-01-01T00:00:00Z"]);
    // Equal instants are one value, spelled as first seen.
    assert.equal(result["median"], "2021-01-01T00:00:00+00:00");
    assert.equal(result["mode"], "2021-01-01T00:00:00+00:00");
  });

  it("picks the earliest instant on a mode tie", () => {
    const result = aggregateValues(prop("date"), ["2024-01-01T00:00:00Z", "2019-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "2019-01-01T00:00:00Z"]);
    assert.equal(result["mode"], "2019-01-01T00:00:00Z");
  });

  it("counts date[] elements individually", () => {
    const result = aggregateValues(prop("date[]"), [["2020-01-01T00:00:00Z", "2020-01-03T00:00:00Z"], null, ["2020-01-02T00:00:00Z"]]);
    assert.deepEqual(result, {
      count: 3,
      type: "date[]",
      minimum: "2020-01-01T00:00:00Z",
      maximum: "2020-01-03T00:00:00Z",
      median: "2020-01-02T00:00:00Z",
      mode: "2020-01-01T00:00:00Z",
    });
  });

  it("gives nulls beside count 0 for an empty set and skips non-dates", () => {
    const empty = { count: 0, type: "date", minimum: null, maximum: null, median: null, mode: null };
    assert.deepEqual(aggregateValues(prop("date"), []), empty);
    assert.deepEqual(aggregateValues(prop("date"), [null, "not a date", 17]), empty);
  });
});

describe("formatRfc3339NanoUtc", () => {
  it("prints whole seconds without a fraction and trims trailing zeros", () => {
    assert.equal(formatRfc3339NanoUtc(0n), "1970-01-01T00:00:00Z");
    assert.equal(formatRfc3339NanoUtc(1_500_000_000n), "1970-01-01T00:00:01.5Z");
    assert.equal(formatRfc3339NanoUtc(123n), "1970-01-01T00:00:00.000000123Z");
  });

  it("handles instants before the epoch", () => {
    assert.equal(formatRfc3339NanoUtc(-1n), "1969-12-31T23:59:59.999999999Z");
    assert.equal(formatRfc3339NanoUtc(-1_000_000_000n), "1969-12-31T23:59:59Z");
  });
});

describe("aggregateValues: references and unaggregatable types", () => {
  it("reports cref and the target classes for references", () => {
    const values = [[{ beacon: "weaviate://localhost/Author/1" }], null];
    assert.deepEqual(aggregateValues(prop("Author"), values), { type: "cref", pointingTo: ["Author"] });
    assert.deepEqual(aggregateValues(prop("Author", "Publisher"), []), { type: "cref", pointingTo: ["Author", "Publisher"] });
  });

  it("returns nothing for types Weaviate cannot aggregate", () => {
    for (const type of ["uuid", "uuid[]", "geoCoordinates", "phoneNumber", "blob", "object", "object[]"]) {
      assert.deepEqual(aggregateValues(prop(type), ["x", null]), {}, type);
    }
  });
});
