// An in-memory SecretVersionStore with Secrets Manager's staging rules, for the protocol's unit tests.
import type { GetRandomPasswordCommandInput } from '@aws-sdk/client-secrets-manager';
import type { SecretVersionStore, SecretVersionValue } from '../../../functions/shared/rotation/secret-versions';
import type { SecretMetadata } from '../../../functions/shared/rotation/stages';

interface Version {
  stages: string[];
  value?: string;
}

export class InMemorySecretStore implements SecretVersionStore {
  readonly versions = new Map<string, Version>();
  readonly calls: string[] = [];
  rotationEnabled = true;

  constructor(readonly arn: string) {}

  /** A version as RotateSecret leaves it: staged AWSPENDING, no value. */
  stagePending(token: string): void {
    this.versions.set(token, { stages: ['AWSPENDING'] });
  }

  async describe(): Promise<SecretMetadata> {
    this.calls.push('DescribeSecret');
    const versions: Record<string, string[]> = {};
    for (const [id, v] of this.versions) if (v.stages.length > 0) versions[id] = [...v.stages];
    return { arn: this.arn, rotationEnabled: this.rotationEnabled, versions };
  }

  async current(): Promise<SecretVersionValue | undefined> {
    this.calls.push('GetSecretValue');
    return this.find((v) => v.stages.includes('AWSCURRENT'));
  }

  async requireCurrent(secretId: string): Promise<SecretVersionValue> {
    const current = await this.current();
    if (!current) throw new Error(`no AWSCURRENT for ${secretId}`);
    return current;
  }

  async pending(_secretId: string, token: string): Promise<SecretVersionValue | undefined> {
    this.calls.push('GetSecretValue');
    const v = this.versions.get(token);
    return v?.value !== undefined && v.stages.includes('AWSPENDING') ? { versionId: token, value: v.value } : undefined;
  }

  async requirePending(secretId: string, token: string): Promise<SecretVersionValue> {
    const pending = await this.pending(secretId, token);
    if (!pending) throw new Error(`no AWSPENDING for ${secretId}`);
    return pending;
  }

  async putPending(_secretId: string, token: string, value: string): Promise<void> {
    this.calls.push('PutSecretValue');
    const existing = this.versions.get(token);
    if (existing?.value !== undefined && existing.value !== value) throw new Error('ResourceExistsException');
    for (const v of this.versions.values()) v.stages = v.stages.filter((s) => s !== 'AWSPENDING');
    this.versions.set(token, { stages: ['AWSPENDING'], value });
  }

  async randomPassword(options: GetRandomPasswordCommandInput): Promise<string> {
    this.calls.push('GetRandomPassword');
    return 'R'.repeat(options.PasswordLength ?? 32);
  }

  async markCurrent(_secretId: string, token: string, fromVersionId: string | undefined): Promise<void> {
    this.calls.push(`UpdateSecretVersionStage(from=${fromVersionId ?? 'none'})`);
    const holder = this.find((v) => v.stages.includes('AWSCURRENT'));
    if (holder && holder.versionId !== fromVersionId)
      throw new Error('RemoveFromVersionId must name the current version');
    for (const v of this.versions.values()) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS');
    if (holder) {
      const old = this.versions.get(holder.versionId);
      if (old) old.stages = [...old.stages.filter((s) => s !== 'AWSCURRENT'), 'AWSPREVIOUS'];
    }
    this.versions.get(token)?.stages.push('AWSCURRENT');
  }

  private find(match: (v: Version) => boolean): SecretVersionValue | undefined {
    for (const [id, v] of this.versions)
      if (match(v) && v.value !== undefined) return { versionId: id, value: v.value };
    return undefined;
  }
}
