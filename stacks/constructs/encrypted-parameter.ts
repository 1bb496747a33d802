import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Construct } from 'constructs';
import { EnvironmentKey, type KeyReference } from './environment-key';
import type { IGrantable } from './grants';

/** Props of a SecureString parameter on the environment key. */
export interface EncryptedParameterProps {
  /** Parameter name, `/<project>/<env>/...` so the permissions boundary pattern matches. */
  readonly name: string;
  /** What the parameter holds, shown in the Systems Manager console. */
  readonly description: string;
  /** ARN of the environment key the value is encrypted with. */
  readonly kmsKeyArn: string;
  /** Region of the parameter. */
  readonly region: string;
  /** First value; operators change it with `aws ssm put-parameter --overwrite`, and Terraform leaves it alone. */
  readonly initialValue: string;
}

/**
 * A parameter of another stack as this one sees it: its ARN (a cross-stack output) and the key it is
 * encrypted with.
 */
export class ParameterReference {
  constructor(
    /** ARN of the parameter. */
    readonly parameterArn: string,
    /** The key the value is encrypted with. */
    readonly key: KeyReference,
  ) {}

  /**
   * Lets `grantee` read the parameter (`Read<label>`) and have Systems Manager decrypt it with the key for this
   * parameter only (`Decrypt<label>`). `label` names the parameter's purpose, e.g. `SettingsParameter`.
   */
  grantRead(grantee: IGrantable, label: string): void {
    grantee.addToRolePolicy({ Sid: `Read${label}`, Action: ['ssm:GetParameter'], Resource: this.parameterArn });
    this.key.grant(grantee, {
      sid: `Decrypt${label}`,
      actions: ['kms:Decrypt'],
      viaService: 'ssm',
      encryptionContext: { PARAMETER_ARN: this.parameterArn },
    });
  }
}

/** A Standard-tier SecureString parameter encrypted with the environment key, its value owned by operators. */
export class EncryptedParameter extends Construct {
  /** A handle on a parameter of another stack (e.g. `SecretsOutputs.configParameterArn`) that grants can use. */
  static fromParameterArn(parameterArn: string, key: KeyReference): ParameterReference {
    return new ParameterReference(parameterArn, key);
  }

  readonly parameter: SsmParameter;
  private readonly reference: ParameterReference;

  constructor(scope: Construct, id: string, props: EncryptedParameterProps) {
    super(scope, id);
    // `Default` keeps the parameter's Terraform address what it was before this construct wrapped it.
    this.parameter = new SsmParameter(this, 'Default', {
      name: props.name,
      description: props.description,
      type: 'SecureString',
      keyId: props.kmsKeyArn,
      tier: 'Standard',
      value: props.initialValue,
      // Operators change the value with `aws ssm put-parameter --overwrite`; Terraform only creates it.
      lifecycle: { ignoreChanges: ['value'] },
    });
    this.reference = EncryptedParameter.fromParameterArn(
      this.parameter.arn,
      EnvironmentKey.fromKeyArn(props.kmsKeyArn, props.region),
    );
  }

  /** Lets `grantee` read and decrypt the value (see ParameterReference.grantRead). */
  grantRead(grantee: IGrantable, label: string): void {
    this.reference.grantRead(grantee, label);
  }
}
