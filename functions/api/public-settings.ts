// What GET /settings may show. The settings parameter is a SecureString that operators edit by hand, so a key added
// there for the function's own use (a feature flag with a token, an internal URL) must not reach every caller of the
// API: only the keys listed here are returned, and only with scalar values.

/** Keys of the settings parameter that GET /settings returns. Add a key here to publish it. */
export const PUBLIC_SETTING_KEYS: readonly string[] = ['greeting'];

/** The allow-listed, scalar entries of the settings parameter's value; anything else (or non-JSON) is left out. */
export function publicSettings(value: string, keys: readonly string[] = PUBLIC_SETTING_KEYS): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const entry = (parsed as Record<string, unknown>)[key];
    if (Object.hasOwn(parsed, key) && ['string', 'number', 'boolean'].includes(typeof entry)) result[key] = entry;
  }
  return result;
}
