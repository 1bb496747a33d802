// The AWS regions an environment may use, with how many availability zones a new account sees in each and the
// partition its ARNs are in. A typo in a region, or more AZs than the region has, would otherwise only fail at apply.
// Add a region here when AWS opens one (https://docs.aws.amazon.com/global-infrastructure/latest/regions/).

/** Availability zones a new account can use, by region (some regions have more, reserved for older accounts). */
export const REGION_AZ_COUNTS: Readonly<Record<string, number>> = {
  'us-east-1': 6,
  'us-east-2': 3,
  'us-west-1': 2,
  'us-west-2': 4,
  'af-south-1': 3,
  'ap-east-1': 3,
  'ap-east-2': 3,
  'ap-south-1': 3,
  'ap-south-2': 3,
  'ap-southeast-1': 3,
  'ap-southeast-2': 3,
  'ap-southeast-3': 3,
  'ap-southeast-4': 3,
  'ap-southeast-5': 3,
  'ap-southeast-7': 3,
  'ap-northeast-1': 3,
  'ap-northeast-2': 4,
  'ap-northeast-3': 3,
  'ca-central-1': 3,
  'ca-west-1': 3,
  'eu-central-1': 3,
  'eu-central-2': 3,
  'eu-north-1': 3,
  'eu-south-1': 3,
  'eu-south-2': 3,
  'eu-west-1': 3,
  'eu-west-2': 3,
  'eu-west-3': 3,
  'il-central-1': 3,
  'me-central-1': 3,
  'me-south-1': 3,
  'mx-central-1': 3,
  'sa-east-1': 3,
  'us-gov-east-1': 3,
  'us-gov-west-1': 3,
  'cn-north-1': 3,
  'cn-northwest-1': 3,
};

/** The ARN partition of a region: `aws`, `aws-cn` (China) or `aws-us-gov` (GovCloud). */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `arn:<partition>` for a region: the start of every ARN the stacks build. */
export function arnPrefix(region: string): string {
  return `arn:${partitionOf(region)}`;
}
