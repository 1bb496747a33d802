import type { FunctionUrlEvent } from '../shared/http';
import { BodyTooLargeError, MalformedRequestError } from './errors';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// A lone surrogate cannot have come from UTF-8 bytes; encoding it would silently change the body.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The request body as the sender's bytes: base64-decoded when Lambda marked it so, else the UTF-8 bytes
 * of the text Lambda passed. Throws BodyTooLargeError above `maxBytes`, MalformedRequestError for invalid
 * base64 or text. The size is checked before decoding so an oversized body costs no copy.
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
    if (!BASE64.test(body)) {
      throw new MalformedRequestError('body is not valid base64');
    }
    const bytes = Buffer.from(body, 'base64');
    if (bytes.length > maxBytes) {
      throw new BodyTooLargeError(`body is larger than ${maxBytes} bytes`);
    }
    return bytes;
  }
  if (body.length > maxBytes || Buffer.byteLength(body, 'utf8') > maxBytes) {
    throw new BodyTooLargeError(`body is larger than ${maxBytes} bytes`);
  }
  if (LONE_SURROGATE.test(body)) {
    throw new MalformedRequestError('body is not valid UTF-8 text');
  }
  return Buffer.from(body, 'utf8');
}
