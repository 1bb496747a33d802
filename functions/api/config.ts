import { type Env, optionalString, requiredString, secretCacheTtlSeconds } from '../shared/env';
import { caBundlePath } from '../shared/postgres';

/** The environment variable that holds the signing key, encrypted for this function with `npm run encrypt`. */
export const SIGNING_KEY_VARIABLE = 'API_SIGNING_KEY_ENCRYPTED';

/** Settings of the API function, read once per cold start. */
export interface ApiConfig {
  /** DB_SECRET_ARN: the application database credential; unset when the environment has no database. */
  readonly dbSecretArn: string | undefined;
  /** CONFIG_PARAMETER_NAME: SSM SecureString with the application's non-secret settings. */
  readonly configParameterName: string;
  /** DB_CA_BUNDLE_PATH: CA bundle the database certificate must chain to. @default /var/runtime/ca-cert.pem */
  readonly caBundlePath: string;
  /** SECRET_CACHE_TTL_SECONDS: how long the credential and the settings are reused. @default 300 */
  readonly cacheTtlSeconds: number;
  /** Whether API_SIGNING_KEY_ENCRYPTED is set; /whoami/signed answers 503 without it. */
  readonly hasSigningKey: boolean;
}

/** Reads and validates the API settings; throws ConfigurationError naming the variable to fix. */
export function readApiConfig(env: Env): ApiConfig {
  return {
    dbSecretArn: optionalString(env, 'DB_SECRET_ARN'),
    configParameterName: requiredString(env, 'CONFIG_PARAMETER_NAME'),
    caBundlePath: caBundlePath(env),
    cacheTtlSeconds: secretCacheTtlSeconds(env),
    hasSigningKey: optionalString(env, SIGNING_KEY_VARIABLE) !== undefined,
  };
}
