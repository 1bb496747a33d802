/**
 * A value created on first use and reused afterwards; a creation that throws is tried again on the next use.
 * For SDK clients a function needs only after it has checked a request: with a plain require() inside
 * `create`, loading their packages is not part of every cold start's init (bench/cold-start.mjs measures it).
 */
export function lazy<T>(create: () => T): () => T {
  let created: { readonly value: T } | undefined;
  return () => {
    if (created === undefined) {
      created = { value: create() };
    }
    return created.value;
  };
}
