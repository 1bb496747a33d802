// What the integration tests know about the servers the global set-up started (see global-setup.ts).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PostgresInfo } from './postgres-server';

export const projectRoot = resolve(__dirname, '../..');
export const testRunDir = join(projectRoot, '.test-run');
/** The contract's well-known file; each run also writes its own copy, named in TEST_SERVICES_FILE. */
export const servicesFile = join(testRunDir, 'services.json');

export interface AwsEmulatorInfo {
  /** moto's base URL, e.g. http://127.0.0.1:40123 (the SDK's AWS_ENDPOINT_URL). */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface Services {
  readonly postgres: PostgresInfo;
  readonly aws: AwsEmulatorInfo;
}

/**
 * The services of the current jest run. The set-up names its own file in TEST_SERVICES_FILE (inherited by
 * the test workers), so two jest runs in one working tree never read each other's servers.
 */
export function loadServices(): Services {
  const file = process.env.TEST_SERVICES_FILE ?? servicesFile;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `${file} is missing: the integration tests need the servers from test/support/global-setup.ts; ` +
        'run them through jest (npx jest --selectProjects integration), not on their own.',
    );
  }
  const { postgres, aws } = JSON.parse(text) as Services;
  return { postgres, aws };
}

/**
 * Environment variables that point a function bundle at the test servers: the SDK's standard endpoint
 * variable (moto serves every service on one endpoint), a region, fake credentials (so the SDK never looks
 * for real ones), the throwaway CA as the database CA bundle, and silent function logs. `extra` is merged over
 * them.
 */
export function bundleEnv(services: Services, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: services.aws.endpoint,
    AWS_REGION: services.aws.region,
    AWS_DEFAULT_REGION: services.aws.region,
    AWS_ACCESS_KEY_ID: services.aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: services.aws.secretAccessKey,
    DB_CA_BUNDLE_PATH: services.postgres.caFile,
    POWERTOOLS_SERVICE_NAME: 'integration-test',
    // Quiet by default so test output stays readable; TEST_FUNCTION_LOG_LEVEL=INFO shows the functions' logs.
    POWERTOOLS_LOG_LEVEL: process.env.TEST_FUNCTION_LOG_LEVEL ?? 'SILENT',
    ...extra,
  };
}

/** SDK client configuration for the tests' own calls to the emulator (arranging and inspecting state). */
export function awsClientConfig(services: Services): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} {
  return {
    endpoint: services.aws.endpoint,
    region: services.aws.region,
    credentials: { accessKeyId: services.aws.accessKeyId, secretAccessKey: services.aws.secretAccessKey },
  };
}

/** The test server's superuser as a login for functions/shared/postgres.ts `connect` (tests arrange roles with it). */
export function superuserLogin(services: Services): {
  host: string;
  port: number;
  dbname: string;
  username: string;
  password: string;
} {
  const { host, port, database, user, password } = services.postgres;
  return { host, port, dbname: database, username: user, password };
}
