/** Printing float32 values (stored vectors) the way Go prints a float32: shortest form. */

/**
 * The shortest decimal that reads back as the same float32, so a stored 0.1 is answered as 0.1
 * and not as 0.10000000149011612 (what widening the float32 to a double would print). Nine
 * significant digits always round-trip a float32; six are tried first because most values
 * either need few digits (then shorter ones are tried) or seven to nine.
 */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  const fits = (digits: number) => {
    const candidate = Number(value.toPrecision(digits));
    return Math.fround(candidate) === value ? candidate : undefined;
  };
  if (fits(6) !== undefined) {
    for (let digits = 1; digits < 6; digits++) {
      const candidate = fits(digits);
      if (candidate !== undefined) return candidate;
    }
    return fits(6)!;
  }
  return fits(7) ?? fits(8) ?? Number(value.toPrecision(9));
}

/**
 * A float32 as Go's `%v` prints it (Weaviate's score strings): the shortest round-trip digits,
 * in exponent form (`1.5e-05`, `2e+21`) when the exponent is below -4 or at least 21.
 */
export function goFloat32String(value: number): string {
  const single = Math.fround(value);
  let shortest = single;
  for (let digits = 1; digits <= 9 && Number.isFinite(single); digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) {
      shortest = candidate;
      break;
    }
  }
  if (!Number.isFinite(shortest)) return shortest > 0 ? "+Inf" : shortest < 0 ? "-Inf" : "NaN";
  if (shortest === 0) return "0";
  const exponent = Math.floor(Math.log10(Math.abs(shortest)));
  // Between 1e-4 and 1e21 JS prints plainly too.
  if (exponent >= -4 && exponent < 21) return String(shortest);
  const [mantissa, power] = shortest.toExponential().split("e") as [string, string];
  const sign = power.startsWith("-") ? "-" : "+";
  const digits = power.replace(/^[+-]/, "").padStart(2, "0");
  return `${mantissa}e${sign}${digits}`;
}
