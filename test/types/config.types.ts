// Type-level tests of the config types a user edits (config/environments.ts, config/delivery.ts), checked by
// `npm run typecheck` (tsc) and never run. Each line under a `@ts-expect-error` must fail to compile: if a change
// lets it compile (a type got looser), tsc reports the directive as unused and the type-check fails.
import type { DeliveryInput } from '../../lib/config/delivery';
import type { EnvironmentConfig } from '../../lib/config/types';
import type { EnvironmentInput, ProjectInput } from '../../lib/config/validate';

const minimal: EnvironmentInput = { accountId: '123456789012', region: 'eu-west-1', cidr: '10.20.0.0/16' };

export const project: ProjectInput = {
  name: 'acme',
  environments: {
    dev: minimal,
    prod: {
      ...minimal,
      production: true,
      vpcEndpoints: ['secretsmanager', 'kms', 'ssm', 'logs'],
      webhook: { scheme: 'stripe' },
      database: { enabled: true },
    },
  },
};

// @ts-expect-error the account, region and CIDR are required
export const withoutAccount: EnvironmentInput = { region: 'eu-west-1', cidr: '10.20.0.0/16' };

export const unknownScheme: EnvironmentInput = {
  ...minimal,
  // @ts-expect-error a webhook scheme the template does not verify
  webhook: { scheme: 'gitlab' },
};

export const unknownEndpoint: EnvironmentInput = {
  ...minimal,
  // @ts-expect-error an interface endpoint service not in VPC_ENDPOINT_SERVICES
  vpcEndpoints: ['secretsmanager', 'kms', 'ssm', 'ec2'],
};

export const misspeltField: EnvironmentInput = {
  ...minimal,
  // @ts-expect-error a misspelt field is caught, not silently ignored
  azcount: 3,
};

export const wrongFieldType: EnvironmentInput = {
  ...minimal,
  // @ts-expect-error a number where a boolean is expected
  production: 1,
};

export function validatedConfigIsReadOnly(config: EnvironmentConfig): void {
  // @ts-expect-error validated config cannot be changed after validation
  config.accountId = '210987654321';
  // @ts-expect-error nor can its lists
  config.vpcEndpoints.push('xray');
}

export const unknownSubjectFormat: Pick<DeliveryInput, 'github'> = {
  // @ts-expect-error an OIDC subject format GitHub does not issue
  github: { owner: 'acme', repository: 'service', subjectFormat: 'login' },
};
