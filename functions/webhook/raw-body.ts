import type { FunctionUrlEvent } from '../shared/http';
import { BodyTooLargeError, MalformedRequestError } from './errors';

/**
 * Whether `text` has no lone UTF-16 surrogate: one cannot have come from UTF-8 bytes, and encoding it would
 * silently change the body. String.prototype.isWellFormed is ES2024 (Node 20+), newer than the TS lib here.
 */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * The request body as the sender's bytes: base64-decoded when Lambda marked it so, else the UTF-8 bytes
 * of the text Lambda passed. Throws BodyTooLargeError above `maxBytes` (checked on the encoded length first,
 * so an oversized body costs no copy) and MalformedRequestError for invalid base64 or text.
 */
export function rawBody(event: FunctionUrlEvent, maxBytes: number): Buffer {
  const body = event.body ?? '';
  if (typeof body !== 'string') {
    throw new MalformedRequestError('body is not a string');
  }
  if (event.isBase64Encoded === true) {
    if (body.length > Math.ceil(maxBytes / 3) * 4) {
      throw new BodyTooLargeError(`body is larger than ${maxBytes} bytes`);
    }
    // Node's decoder skips characters outside the alphabet; canonical base64 (what Lambda sends) survives
    // a round trip unchanged, anything else does not. Faster than a validating regex on large bodies.
    const bytes = Buffer.from(body, 'base64');
    if (body.length % 4 !== 0 || bytes.toString('base64') !== body) {
      throw new MalformedRequestError('body is not valid base64');
    }
    if (bytes.length > maxBytes) {
      throw new BodyTooLargeError(`body is larger than ${maxBytes} bytes`);
    }
    return bytes;
  }
  // A UTF-8 encoding has at least one byte per UTF-16 code unit, so this bound needs no encoding.
  if (body.length > maxBytes) {
    throw new BodyTooLargeError(`body is larger than ${maxBytes} bytes`);
  }
  if (!isWellFormed(body)) {
    throw new MalformedRequestError('body is not valid UTF-8 text');
  }
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length > maxBytes) {
    throw new BodyTooLargeError(`body is larger than ${maxBytes} bytes`);
  }
  return bytes;
}
