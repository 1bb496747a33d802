// The one place to describe your environments. Adding an environment is one entry here
// (plus a GitHub environment of the same name for the deploy pipeline).
import type { ProjectInput } from '../lib/config/validate';

export const projectConfig: ProjectInput = {
  name: 'acme',
  environments: {
    dev: {
      accountId: '111111111111',
      region: 'eu-west-1',
      cidr: '10.10.0.0/16',
      azCount: 2,
      vpcEndpoints: ['secretsmanager', 'kms', 'ssm'],
      logRetentionDays: 14,
      secrets: { recoveryWindowDays: 0 },
      database: { enabled: false },
    },
    staging: {
      accountId: '222222222222',
      region: 'eu-west-1',
      cidr: '10.20.0.0/16',
      azCount: 2,
      vpcEndpoints: ['secretsmanager', 'kms', 'ssm', 'sts'],
      logRetentionDays: 30,
      database: { enabled: true },
    },
    prod: {
      accountId: '333333333333',
      region: 'eu-west-1',
      production: true,
      cidr: '10.30.0.0/16',
      azCount: 3,
      vpcEndpoints: ['secretsmanager', 'kms', 'ssm', 'sts', 'xray'],
      logRetentionDays: 365,
      webhook: { reservedConcurrency: 50 },
      api: { reservedConcurrency: 20 },
      database: { enabled: true, instanceClass: 'db.t4g.small' },
      // Production must alert someone: replace with your on-call addresses (each confirms the SNS email once).
      alarms: { emails: ['oncall@example.com'] },
      budget: { monthlyUsd: 300 },
    },
  },
};
