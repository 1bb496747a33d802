/**
 * The `challenge` of a Slack Events API `url_verification` request, which Slack expects echoed back when
 * the Request URL is saved; undefined for every other body. Called only after the signature verified.
 */
export function slackUrlVerificationChallenge(body: Buffer): string | undefined {
  if (body.length > 4096 || body[0] !== 0x7b /* { */) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'type' in parsed && 'challenge' in parsed) {
      const { type, challenge } = parsed;
      if (type === 'url_verification' && typeof challenge === 'string' && challenge.length <= 256) {
        return challenge;
      }
    }
  } catch {
    // Not JSON: not a url_verification request.
  }
  return undefined;
}
