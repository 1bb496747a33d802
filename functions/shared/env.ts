import { ConfigurationError } from './errors';

/** The process environment, or a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Seconds a fetched secret or parameter is reused when SECRET_CACHE_TTL_SECONDS is unset. */
export const DEFAULT_SECRET_CACHE_TTL_SECONDS = 300;

/** The value of `name`, or a ConfigurationError naming the variable. */
export function requiredString(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigurationError(`environment variable ${name} is required`);
  }
  return value;
}

/** The value of `name`, or undefined when unset or empty. */
export function optionalString(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A whole number from `name` within [min, max], `fallback` when unset. */
export function integerSetting(
  env: Env,
  name: string,
  options: { readonly fallback: number; readonly min: number; readonly max: number },
): number {
  const raw = optionalString(env, name);
  if (raw === undefined) {
    return options.fallback;
  }
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < options.min || value > options.max) {
    throw new ConfigurationError(
      `environment variable ${name}="${raw}" must be a whole number from ${options.min} to ${options.max}`,
    );
  }
  return value;
}

/** SECRET_CACHE_TTL_SECONDS: how long a secret or parameter value is reused (0 disables the cache). */
export function secretCacheTtlSeconds(env: Env): number {
  return integerSetting(env, 'SECRET_CACHE_TTL_SECONDS', {
    fallback: DEFAULT_SECRET_CACHE_TTL_SECONDS,
    min: 0,
    max: 86_400,
  });
}
