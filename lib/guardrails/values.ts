// Raw JSON as cdktf writes it: a single nested block is an object and repeated blocks are arrays, and any value may be
// a Terraform expression (`${...}`) instead of a literal. Only the engine and the accessor (attributes.ts) read raw
// values; rules read through the accessor, which refuses to hand out an expression as if it were a value.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A nested block as a list, whether cdktf wrote one object, an array of them or nothing. */
export function rawBlocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

/** A string or list of strings as a list (anything else: empty). */
export function rawStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Whether a value is, or contains at any depth, a Terraform expression (known only at plan or apply time). */
export function containsExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(containsExpression);
  if (isRecord(value)) return Object.values(value).some(containsExpression);
  return false;
}

/** Whether a KMS key argument names an AWS managed key (`alias/aws/...`) rather than a customer key. */
export function namesAwsManagedKey(text: string): boolean {
  return /(^|:)alias\/aws\//.test(text);
}
