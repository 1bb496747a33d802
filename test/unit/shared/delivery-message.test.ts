import fc from 'fast-check';
import {
  bodyFields,
  decodeDeliveryMessage,
  encodeDeliveryMessage,
  InvalidDeliveryMessageError,
  SQS_MAX_MESSAGE_BYTES,
  sqsMessageBytes,
} from '../../../functions/shared/delivery-message';

const RECEIVED_MS = Date.UTC(2026, 11, 7, 5, 0, 0, 123);

/** SQS's accepted body characters: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. */
function sqsAccepts(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function encode(body: Buffer, eventType: string | null = 'push'): string {
  return encodeDeliveryMessage({ deliveryId: 'd-1', scheme: 'github', eventType, receivedAtMs: RECEIVED_MS, body });
}

describe('delivery message', () => {
  it('carries the id, scheme, event type, ISO arrival time and the UTF-8 body as text', () => {
    const message = JSON.parse(encode(Buffer.from('{"zen":"Keep it logically awesome. ü"}')));

    expect(message).toEqual({
      deliveryId: 'd-1',
      scheme: 'github',
      eventType: 'push',
      receivedAt: '2026-12-07T05:00:00.123Z',
      body: '{"zen":"Keep it logically awesome. ü"}',
    });
  });

  it('carries a body that is not UTF-8 as bodyBase64, and no body field', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80]);

    const message = JSON.parse(encode(bytes));

    expect(message.body).toBeUndefined();
    expect(Buffer.from(message.bodyBase64, 'base64')).toEqual(bytes);
  });

  it('carries UTF-8 text holding U+FFFF (which SQS refuses) as bodyBase64', () => {
    expect(bodyFields(Buffer.from('a\uFFFFb', 'utf8'))).toEqual({
      bodyBase64: Buffer.from('a\uFFFFb').toString('base64'),
    });
    expect(bodyFields(Buffer.from('a\uFFFDb', 'utf8'))).toEqual({ body: 'a\uFFFDb' });
  });

  it('keeps a null event type', () => {
    expect(JSON.parse(encode(Buffer.from('x'), null)).eventType).toBeNull();
  });

  it('gives the consumer exactly the signed bytes back, whatever they are', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.string({ unit: 'binary', maxLength: 64 }), (bytes, text) => {
        for (const body of [Buffer.from(bytes), Buffer.from(text, 'utf8')]) {
          const encoded = encode(body);
          expect(decodeDeliveryMessage(encoded).body.equals(body)).toBe(true);
          // Only characters SQS accepts: JSON escapes the C0 controls and lone surrogates, U+FFFE/F go as base64.
          expect([...encoded].filter((ch) => !sqsAccepts(ch.codePointAt(0) as number))).toEqual([]);
        }
      }),
    );
  });

  it('counts bytes as SQS does: UTF-8 bytes, not characters', () => {
    expect(sqsMessageBytes('ü€😀')).toBe(2 + 3 + 4);
    expect(SQS_MAX_MESSAGE_BYTES).toBe(1024 * 1024);
  });

  it.each([
    ['not JSON', 'nope'],
    ['an array', '[]'],
    ['no deliveryId', JSON.stringify({ scheme: 's', eventType: null, receivedAt: 't', body: '' })],
    [
      'both bodies',
      JSON.stringify({ deliveryId: 'd', scheme: 's', eventType: null, receivedAt: 't', body: '', bodyBase64: '' }),
    ],
    ['no body', JSON.stringify({ deliveryId: 'd', scheme: 's', eventType: null, receivedAt: 't' })],
    ['a numeric eventType', JSON.stringify({ deliveryId: 'd', scheme: 's', eventType: 1, receivedAt: 't', body: '' })],
  ])('refuses a message with %s', (_what, text) => {
    expect(() => decodeDeliveryMessage(text)).toThrow(InvalidDeliveryMessageError);
  });
});
