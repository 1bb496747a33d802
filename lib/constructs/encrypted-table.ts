import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import { keyUseStatement } from './environment-key';
import type { Grant, IGrantable } from './grants';
import type { PolicyStatement } from './policy-document';

/** Props of a DynamoDB table encrypted with the environment key. */
export interface EncryptedTableProps {
  /** Table name; keep the `<project>-<env>-` prefix so the permissions boundary pattern matches. */
  readonly name: string;
  /** ARN of the environment key the table is encrypted with. */
  readonly kmsKeyArn: string;
  /** Region of the table and the key. */
  readonly region: string;
  /** Name of the string partition key. @default id */
  readonly partitionKey?: string;
  /** Attribute holding each item's expiry (epoch seconds); DynamoDB deletes expired items. @default none */
  readonly timeToLiveAttribute?: string;
  /**
   * Point-in-time recovery (35 days of restorable history) and deletion protection: production tables get both.
   * @default false
   */
  readonly protect?: boolean;
}

/** Item calls that read and write single items by key: what Powertools idempotency and a conditional put use. */
export const TABLE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

/** An on-demand DynamoDB table encrypted with the environment key (SSE-KMS, customer managed). */
export class EncryptedTable extends Construct {
  readonly table: DynamodbTable;
  private readonly props: EncryptedTableProps;

  constructor(scope: Construct, id: string, props: EncryptedTableProps) {
    super(scope, id);
    this.props = props;
    const partitionKey = props.partitionKey ?? 'id';
    const protect = props.protect ?? false;
    this.table = new DynamodbTable(this, 'Default', {
      name: props.name,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: partitionKey,
      attribute: [{ name: partitionKey, type: 'S' }],
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      pointInTimeRecovery: { enabled: protect },
      deletionProtectionEnabled: protect,
      ttl: props.timeToLiveAttribute ? { enabled: true, attributeName: props.timeToLiveAttribute } : undefined,
    });
  }

  /** ARN of the table. */
  get arn(): string {
    return this.table.arn;
  }

  /** Name of the table. */
  get name(): string {
    return this.table.name;
  }

  /**
   * Lets `grantee` get, put, update and delete single items of this table (`ReadWrite<label>Items`) and have
   * DynamoDB use the key for this table only (`Use<label>TableKey`, with the table's encryption context;
   * `Describe<label>TableKey`, DescribeKey carrying no context).
   */
  grantReadWriteItems(grantee: IGrantable, label: string): Grant {
    const statements: PolicyStatement[] = [
      { Sid: `ReadWrite${label}Items`, Action: [...TABLE_ITEM_ACTIONS], Resource: this.table.arn },
      keyUseStatement(this.props.kmsKeyArn, this.props.region, {
        sid: `Use${label}TableKey`,
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        viaService: 'dynamodb',
        encryptionContext: { 'aws:dynamodb:tableName': this.props.name },
      }),
      keyUseStatement(this.props.kmsKeyArn, this.props.region, {
        sid: `Describe${label}TableKey`,
        actions: ['kms:DescribeKey'],
        viaService: 'dynamodb',
      }),
    ];
    for (const statement of statements) grantee.addToRolePolicy(statement);
    // Without a resource policy the table admits every principal of the account its identity policy allows.
    return { grantee, principalStatements: statements, resourcePrincipals: [] };
  }
}
