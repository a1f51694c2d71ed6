/**
 * A function of two values from a short list (or none) as a table by code, for hot paths: code 0 stands for
 * none, code i + 1 for `values[i]`. The table is built from `fn` itself, so it answers exactly as `fn` does.
 */
export function tableByCode<T>(
  values: readonly T[],
  fn: (a: T | null, b: T | null) => number,
): (a: number, b: number) => number {
  const n = values.length + 1;
  const table = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++)
      table[a * n + b] = fn(a === 0 ? null : values[a - 1], b === 0 ? null : values[b - 1]);
  return (a, b) => table[a * n + b];
}
