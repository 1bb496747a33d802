import type { Construct } from 'constructs';
import { environmentBoundaryArn } from '../lib/config/delivery';
import { EnvironmentKey } from '../lib/constructs/environment-key';
import { EnvironmentStack, type EnvironmentStackProps, publishOutputs } from '../lib/environment-stack';

/** What the security stack hands to the stacks after it. */
export interface SecurityOutputs {
  /** ARN of the environment's customer-managed KMS key. */
  readonly keyArn: string;
  /** Key id of the same key. */
  readonly keyId: string;
  /** `alias/<project>-<env>`. */
  readonly keyAlias: string;
  /** ARN of the permissions boundary policy every role must carry (created by the bootstrap stack). */
  readonly permissionsBoundaryArn: string;
}

/**
 * `<env>-security`: the environment key. The permissions boundary every role of the environment carries is not
 * here: the admin-run bootstrap stack owns it under the delivery path, so the deploy role that applies this stack
 * cannot rewrite the ceiling of the roles it creates. This stack names it by its fixed ARN.
 */
export class SecurityStack extends EnvironmentStack {
  readonly outputs: SecurityOutputs;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, 'security', props);
    const { accountId, region, keyDeletionWindowDays } = this.environment;
    const key = new EnvironmentKey(this, 'key', {
      namePrefix: this.namePrefix,
      accountId,
      region,
      deletionWindowDays: keyDeletionWindowDays,
    });
    this.outputs = {
      keyArn: key.key.arn,
      keyId: key.key.keyId,
      keyAlias: key.alias.name,
      permissionsBoundaryArn: environmentBoundaryArn(
        accountId,
        this.project,
        this.environment.name,
        this.environment.region,
      ),
    };
    publishOutputs(this, this.outputs, {
      keyArn: { description: 'ARN of the environment KMS key (secrets, parameters, logs, function settings)' },
      keyId: { description: 'Id of the environment KMS key' },
      keyAlias: { description: 'Alias of the environment KMS key' },
      permissionsBoundaryArn: { description: 'Permissions boundary every role of the environment carries' },
    });
  }
}
