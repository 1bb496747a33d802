import { DataAwsIamOpenidConnectProvider } from '@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';
import type { GitHubSettings } from '../config/delivery';
import type { PolicyStatement } from './policy-document';

/** Issuer of GitHub Actions' OIDC tokens (without the scheme, as IAM condition keys spell it). */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** Audience aws-actions/configure-aws-credentials requests; the only client id the provider accepts. */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/**
 * The claims the repository's OIDC subject template puts in `sub` (the GitHub stack sets it): the repository, the
 * job's context (its GitHub environment, or `pull_request`) and the git ref the job runs on, so AWS itself checks
 * the branch a deploy job comes from.
 */
export const GITHUB_SUBJECT_CLAIM_KEYS = ['repo', 'context', 'ref'] as const;

/** Which jobs a role is for: a job bound to one GitHub environment on one branch, or a pull-request job. */
export type GitHubJobContext = { readonly environment: string; readonly branch: string } | 'pull_request';

/**
 * The `sub` claim GitHub puts in a job's token under GITHUB_SUBJECT_CLAIM_KEYS:
 * `repo:OWNER/REPO:environment:ENV:ref:refs/heads/BRANCH` for a deploy job (exact), or, for pull-request jobs,
 * `repo:OWNER/REPO:pull_request:ref:refs/pull/<number>/merge`, matched as a pattern in which only the
 * pull request's number varies. With immutable ids the repository reads `OWNER@OWNER_ID/REPO@REPO_ID`.
 */
export function githubSubject(github: GitHubSettings, context: GitHubJobContext): string {
  const repository =
    github.subjectFormat === 'immutable-id'
      ? `${github.owner}@${github.ownerId}/${github.repository}@${github.repositoryId}`
      : `${github.owner}/${github.repository}`;
  const job =
    context === 'pull_request'
      ? 'pull_request:ref:refs/pull/*/merge'
      : `environment:${context.environment}:ref:refs/heads/${context.branch}`;
  return `repo:${repository}:${job}`;
}

/**
 * Trust statement for a role GitHub Actions assumes: only tokens from GitHub's provider, for STS, whose `sub` is
 * `subject`: StringEquals for an exact subject, StringLike only for the pull-request pattern, whose one wildcard sits
 * after the fixed repository and context (a ref cannot hold the `:` another claim would need).
 */
export function githubTrustStatement(providerArn: string, subject: string): PolicyStatement {
  const sub = { [`${GITHUB_OIDC_HOST}:sub`]: subject };
  const aud = { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE };
  return {
    Sid: 'GitHubActionsJobAssumesRole',
    Principal: { Federated: providerArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: subject.includes('*') ? { StringEquals: aud, StringLike: sub } : { StringEquals: { ...aud, ...sub } },
  };
}

/** Props of the account's GitHub OIDC provider. */
export interface GitHubOidcProviderProps {
  /** Create the provider; false looks up the one the account already has (IAM allows one per URL). */
  readonly create: boolean;
}

/** GitHub Actions' OIDC identity provider in IAM, created here or found by its URL. */
export class GitHubOidcProvider extends Construct {
  /** ARN of the provider, the Federated principal of the pipeline roles. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: GitHubOidcProviderProps) {
    super(scope, id);
    const url = `https://${GITHUB_OIDC_HOST}`;
    if (props.create) {
      // No thumbprint_list: IAM verifies GitHub's certificate against its own trusted CAs, and the AWS provider
      // has not required thumbprints since 5.81.
      this.arn = new IamOpenidConnectProvider(this, 'provider', { url, clientIdList: [GITHUB_OIDC_AUDIENCE] }).arn;
    } else {
      this.arn = new DataAwsIamOpenidConnectProvider(this, 'existing', { url }).arn;
    }
  }
}
