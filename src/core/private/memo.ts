/**
 * `compute` remembered per key, for at most `max` keys; past that, all are forgotten at once. For
 * the few texts repeated in every statement or rule (patterns, operators): input with endless
 * distinct keys cannot grow the cache. Only for pure functions of the key whose results no caller
 * modifies.
 */
export function memoize<T>(compute: (key: string) => T, max: number = 256): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    const hit = known.get(key);
    if (hit !== undefined || known.has(key)) return hit as T;
    const value = compute(key);
    if (known.size >= max) known.clear();
    known.set(key, value);
    return value;
  };
}
