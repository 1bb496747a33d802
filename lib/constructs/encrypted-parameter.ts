import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Construct } from 'constructs';
import { EnvironmentKey, type KeyReference, keyUseStatement } from './environment-key';
import { type Grant, grantStatements, type IGrantable } from './grants';

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
  /**
   * First value, written once through a write-only argument (never kept in Terraform state); operators change it
   * with `aws ssm put-parameter --overwrite`, and Terraform leaves it alone.
   */
  readonly initialValue: string;
  /**
   * Raise it to have the next apply write `initialValue` again over what operators put there (Terraform cannot see
   * the value, so it compares this number instead). @default 1
   */
  readonly initialValueVersion?: number;
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
   * parameter only (`Decrypt<label>`, encryption context PARAMETER_ARN). `label` names the parameter's purpose,
   * e.g. `SettingsParameter`. A parameter has no resource policy, so the grant writes the identity side only.
   */
  grantRead(grantee: IGrantable, label: string): Grant {
    return grantStatements(grantee, [
      { Sid: `Read${label}`, Action: ['ssm:GetParameter'], Resource: this.parameterArn },
      keyUseStatement(this.key.keyArn, this.key.region, {
        sid: `Decrypt${label}`,
        actions: ['kms:Decrypt'],
        viaService: 'ssm',
        encryptionContext: { PARAMETER_ARN: this.parameterArn },
      }),
    ]);
  }
}

/**
 * A Standard-tier SecureString parameter encrypted with the environment key, its value owned by operators and never
 * in Terraform state.
 */
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
    });
    // Write-only (Terraform >= 1.11, AWS provider >= 5.100): the value goes to SSM on create and when the version
    // rises, and is never read back into state. With `value` and ignore_changes, every refresh would copy whatever
    // an operator put there into the state file, which the plan role (open to pull requests) can read. The 6.25
    // bindings lack the arguments, hence the overrides.
    this.parameter.addOverride('value_wo', props.initialValue);
    this.parameter.addOverride('value_wo_version', props.initialValueVersion ?? 1);
    this.reference = EncryptedParameter.fromParameterArn(
      this.parameter.arn,
      EnvironmentKey.fromKeyArn(props.kmsKeyArn, props.region),
    );
  }

  /** Lets `grantee` read and decrypt the value (see ParameterReference.grantRead). */
  grantRead(grantee: IGrantable, label: string): Grant {
    return this.reference.grantRead(grantee, label);
  }
}
