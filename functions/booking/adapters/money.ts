/**
 * Money columns that hold sums are `bigint`, which pg returns as a string. Amounts stay far below 2^53
 * (100,000,000 a night × MAX_STAY_NIGHTS), so a number is exact; anything else is a bug, not a value.
 */
export function minorUnits(value: string | number | bigint): number {
  const amount = Number(value);
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money amount ${value} is not a safe integer`);
  return amount;
}
