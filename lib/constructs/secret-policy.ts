import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { Lazy, Token, Tokenization } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { arnPrefix } from '../config/regions';
import { BoundedRole } from './bounded-role';
import { ConstructPropsError } from './construct-error';
import { type PolicyStatement, policyDocument } from './policy-document';

// Why a registry, and why role ARNs built from names:
// a secret lives in `<env>-secrets`, the functions that read it in `<env>-app`, which consumes the secrets stack's
// outputs. A reader list holding the readers' `role.arn` references would make the secrets stack depend on the app
// stack: a cycle. Role names are deterministic (`<project>-<env>-<function>`), so a grant records the reader's name
// here, and the policy is rendered lazily at synth, after every stack has made its grants, with ARNs built from the
// names in the secret's own account. The validation below then holds both sides to each other.

/** Actions on a secret's value that only its rotation function and operator role may take. */
export const VALUE_CHANGING_ACTIONS = ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'];

const READ_VALUE = 'secretsmanager:GetSecretValue';

/** Props of a secret's resource policy. */
export interface SecretPolicyProps {
  /** ARN of the secret (a reference is fine: grants find the policy by the resource it points at). */
  readonly secretArn: string;
  /** Secret name when known at synth; lets the reader check match role statements on name patterns. @default none */
  readonly secretName?: string;
  /** Account of the secret; the policy denies every other account, and readers are roles of this account. */
  readonly accountId: string;
  /** Region of the secret (for the partition of role ARNs). */
  readonly region: string;
  /** Leave AWS services acting on their own behalf out of both denials (RDS manages its master secret). @default false */
  readonly exemptAwsServices?: boolean;
  /**
   * Role operators assume to manage the value by hand, and the secretsmanager actions the policy admits it for
   * (GetSecretValue among them makes it a reader). @default none
   */
  readonly operator?: { readonly roleArn: string; readonly actions: readonly string[] };
  /** Role of the secret's rotation function: a reader, and (with an operator) the other role that may change it. @default none */
  readonly rotationRoleName?: string;
}

/** Identity of a Terraform reference, stable across `resource.arn` calls (each call makes a new token string). */
export function referenceKey(value: string): string {
  if (!Token.isUnresolved(value)) return value;
  const tokens = Tokenization.reverseString(value).tokens;
  const [only] = tokens;
  const reference = only as unknown as { identifier?: unknown; originStack?: { node?: { path?: unknown } } };
  if (tokens.length === 1 && typeof reference.identifier === 'string' && reference.originStack?.node) {
    return `${String(reference.originStack.node.path)}::${reference.identifier}`;
  }
  return value;
}

const registries = new WeakMap<IConstruct, Map<string, SecretPolicy>>();
function registryOf(scope: IConstruct): Map<string, SecretPolicy> {
  const root = scope.node.root;
  let registry = registries.get(root);
  if (registry === undefined) {
    registry = new Map();
    registries.set(root, registry);
  }
  return registry;
}

/** Whether an IAM action pattern (`secretsmanager:Get*`, `*`) covers `action`. */
function actionCovers(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`, 'i');
  return regex.test(action);
}

/** Whether an IAM resource pattern written without references covers `arn`. */
function resourceCovers(pattern: string, arn: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  );
  return regex.test(arn);
}

const roleNameOf = (roleArn: string) => roleArn.slice(roleArn.lastIndexOf(':role/') + ':role/'.length);

/**
 * A secret's resource policy: nothing from other accounts, only the listed roles read the value, and (with an
 * operator) only rotation and the operator change it. Grants (`SecretReference.grantRead`) add readers; at synth
 * a check fails, naming both, when a role's policy lets it read the secret but the list lacks it (AWS would deny it
 * at run time), or the list names a role no policy lets read it.
 */
export class SecretPolicy extends Construct {
  /** The policy of the secret `secretArn` points at, in `scope`'s app; undefined for a secret made elsewhere. */
  static of(scope: IConstruct, secretArn: string): SecretPolicy | undefined {
    return registryOf(scope).get(referenceKey(secretArn));
  }

  readonly resource: SecretsmanagerSecretPolicy;
  private readonly props: SecretPolicyProps;
  private readonly readerNames: string[] = [];

  constructor(scope: Construct, id: string, props: SecretPolicyProps) {
    super(scope, id);
    this.props = props;
    const key = referenceKey(props.secretArn);
    const registry = registryOf(this);
    const existing = registry.get(key);
    if (existing !== undefined) {
      throw new ConstructPropsError(
        this,
        `the secret already has a resource policy (${existing.node.path}): a secret takes one; grant through it`,
      );
    }
    registry.set(key, this);
    if (props.rotationRoleName !== undefined) this.addReader(props.rotationRoleName);
    // `Default` keeps the policy's Terraform address what it was before this construct wrapped it.
    this.resource = new SecretsmanagerSecretPolicy(this, 'Default', {
      secretArn: props.secretArn,
      blockPublicPolicy: true,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements()) }),
    });
    this.node.addValidation({ validate: () => this.readersMatchGrants() });
  }

  /** ARN of a role of the secret's account. */
  roleArn(roleName: string): string {
    return `${arnPrefix(this.props.region)}:iam::${this.props.accountId}:role/${roleName}`;
  }

  /** Lets the role `roleName` (of the secret's account) read the value; returns the ARN the policy lists. */
  addReader(roleName: string): string {
    if (Token.isUnresolved(roleName)) {
      throw new ConstructPropsError(
        this,
        'a reader role name must be known at synth, not a reference: pass the name the role is created with',
      );
    }
    if (!this.readerNames.includes(roleName)) this.readerNames.push(roleName);
    return this.roleArn(roleName);
  }

  /** ARNs of every role the policy lets read the value: rotation, grants and a reading operator. */
  get readerArns(): string[] {
    const operator = this.props.operator;
    const operatorReads = operator?.actions.includes(READ_VALUE) === true;
    const arns = this.readerNames.map((name) => this.roleArn(name));
    return operator !== undefined && operatorReads && !arns.includes(operator.roleArn)
      ? [...arns, operator.roleArn]
      : arns;
  }

  private statements(): PolicyStatement[] {
    const { accountId, operator } = this.props;
    const servicesExempt: Record<string, Record<string, string>> = this.props.exemptAwsServices
      ? { Bool: { 'aws:PrincipalIsAWSService': 'false' } }
      : {};
    const readers = this.readerArns;
    const rotation = this.props.rotationRoleName === undefined ? [] : [this.roleArn(this.props.rotationRoleName)];
    const operatorWrites = operator?.actions.some((action) => VALUE_CHANGING_ACTIONS.includes(action)) === true;
    return [
      {
        Sid: 'DenyEveryoneOutsideThisAccount',
        Effect: 'Deny',
        Principal: '*',
        Action: 'secretsmanager:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': accountId }, ...servicesExempt },
      },
      {
        Sid: 'OnlyConsumersAndRotationReadTheValue',
        Effect: 'Deny',
        Principal: '*',
        Action: READ_VALUE,
        Resource: '*',
        // No reader at all: the deny has no exception (an empty ArnNotLike list is not a valid condition).
        ...(readers.length > 0 || this.props.exemptAwsServices
          ? {
              Condition: {
                ...(readers.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': readers } } : {}),
                ...servicesExempt,
              },
            }
          : {}),
      },
      ...(operator === undefined
        ? []
        : [
            {
              Sid: 'OnlyRotationAndOperatorsChangeTheValue',
              Effect: 'Deny' as const,
              Principal: '*' as const,
              Action: VALUE_CHANGING_ACTIONS,
              Resource: '*',
              Condition: {
                ArnNotLike: { 'aws:PrincipalArn': [...rotation, ...(operatorWrites ? [operator.roleArn] : [])] },
              },
            },
            {
              Sid: 'OperatorsManageTheValue',
              Effect: 'Allow' as const,
              Principal: { AWS: operator.roleArn },
              Action: [...operator.actions],
              Resource: '*',
            },
          ]),
    ];
  }

  /** Whether `statement` lets its role read this secret's value. */
  private letsRead(statement: PolicyStatement): boolean {
    if (statement.Effect === 'Deny') return false;
    if (![statement.Action].flat().some((action) => actionCovers(action, READ_VALUE))) return false;
    const key = referenceKey(this.props.secretArn);
    const { secretName, region, accountId } = this.props;
    // A secret's ARN ends in its name, a dash and six random characters.
    const sampleArn =
      secretName === undefined
        ? undefined
        : `${arnPrefix(region)}:secretsmanager:${region}:${accountId}:secret:${secretName}-AbCdEf`;
    return [statement.Resource ?? []].flat().some((resource) => {
      if (resource === '*' || referenceKey(resource) === key) return true;
      return sampleArn !== undefined && !Token.isUnresolved(resource) && resourceCovers(resource, sampleArn);
    });
  }

  /** The synth-time check: readers by policy and readers by the secret's list are the same roles. */
  private readersMatchGrants(): string[] {
    const secret = this.props.secretName ?? this.node.path;
    const byPolicy = new Map<string, string>();
    for (const role of this.node.root.node.findAll()) {
      if (!(role instanceof BoundedRole)) continue;
      const statement = role.policyStatements.find((s) => this.letsRead(s));
      if (statement !== undefined) byPolicy.set(role.roleName, `${role.node.path}, statement ${statement.Sid}`);
    }
    const listed = this.readerArns.map(roleNameOf);
    const errors: string[] = [];
    for (const [name, where] of byPolicy) {
      if (listed.includes(name)) continue;
      errors.push(
        `role ${name} (${where}) may read secret ${secret} by its own policy, but the secret's resource policy (${this.node.path}) does not list it, so AWS denies the read at run time: replace the hand-written statement with secret.grantRead(fn, label), which writes both sides`,
      );
    }
    for (const name of listed) {
      if (byPolicy.has(name)) continue;
      errors.push(
        `secret ${secret} lists role ${name} as a reader in its resource policy (${this.node.path}), but no role named ${name} in this app may read it by its own policy: grant it with secret.grantRead(fn, label), or stop admitting it`,
      );
    }
    return errors;
  }
}
