/**
 * Seconds between two Secrets Manager reads of AWSPENDING that the webhook makes because of signature mismatches.
 * During a rotation the sender may switch to the pending value at any moment, so a mismatch looks again; forged
 * requests still cost at most one call per interval. The GitHub rotation waits this long after the pending
 * version was created before it gives the value to GitHub, so no webhook instance can still hold an older
 * "no AWSPENDING" answer when the first delivery signed with it arrives.
 */
export const PENDING_REFRESH_SECONDS = 10;
