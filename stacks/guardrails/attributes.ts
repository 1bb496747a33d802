// Reading synthesized attributes: cdktf writes a single nested block as an object and repeated blocks as arrays,
// and any value may be a Terraform expression (`${...}`) instead of a literal.

/** A nested block as a list, whether cdktf wrote one object, an array of them or nothing. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string or list of strings as a list (anything else: empty). */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Whether an argument has a value: a non-empty string, a number, a boolean, or a non-empty list/block. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** A boolean argument that is literally true (Terraform JSON also accepts the string "true"). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Whether a string is (or contains) a Terraform expression that only has a value at apply time. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** A resource tag (the provider's default tags are not part of the resource and never count). */
export function tag(attributes: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const tags = attributes.tags;
  if (!isRecord(tags)) return undefined;
  const value = tags[key];
  return typeof value === 'string' ? value : undefined;
}

/** Whether a KMS key argument names an AWS managed key (`alias/aws/...`) rather than a customer key. */
export function isAwsManagedKey(value: unknown): boolean {
  return typeof value === 'string' && /(^|:)alias\/aws\//.test(value);
}
