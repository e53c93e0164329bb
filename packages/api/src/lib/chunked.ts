/** Values per `IN (…)` list: stays under D1's 100 bound parameters per statement. */
export const IN_LIST_SIZE = 90;

/** Runs `query` over `values` in IN-list sized slices and concatenates the rows. */
export async function selectInChunks<V, R>(values: readonly V[], query: (slice: V[]) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (let i = 0; i < values.length; i += IN_LIST_SIZE) rows.push(...(await query(values.slice(i, i + IN_LIST_SIZE))));
  return rows;
}

/** `items` in consecutive slices of at most `size`. */
export function inSlices<T>(items: readonly T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let i = 0; i < items.length; i += size) slices.push(items.slice(i, i + size));
  return slices;
}
