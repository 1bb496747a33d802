import { matchesAny, wellFormedSignature } from '../../../functions/webhook/schemes/scheme';

const HEX = 'a'.repeat(64);

describe('matchesAny', () => {
  it('finds the matching candidate among several', () => {
    expect(matchesAny(HEX, ['b'.repeat(64), HEX, 'c'.repeat(64)])).toBe(true);
  });

  it('rejects candidates of another length without comparing them', () => {
    expect(matchesAny(HEX, [HEX.slice(1), `${HEX}a`])).toBe(false);
  });

  it('rejects a candidate that differs in the last character only', () => {
    expect(matchesAny(HEX, [`${'a'.repeat(63)}b`])).toBe(false);
  });

  it('leaves no earlier digest behind: a later call with fewer candidates is not fooled by the scratch buffers', () => {
    matchesAny(HEX, [HEX]);

    expect(matchesAny('b'.repeat(64), [])).toBe(false);
    expect(matchesAny('b'.repeat(64), ['a'.repeat(64)])).toBe(false);
  });

  it('compares digests of different lengths (hex and base64) independently', () => {
    const base64 = `${'A'.repeat(43)}=`;

    expect(matchesAny(base64, [base64])).toBe(true);
    expect(matchesAny(HEX, [HEX])).toBe(true);
  });
});

describe('wellFormedSignature', () => {
  it.each([
    ['hex', HEX, true],
    ['hex', HEX.toUpperCase(), false],
    ['hex', `${HEX}0`, false],
    ['hex', `${'g'.repeat(64)}`, false],
    ['base64', `${'A'.repeat(43)}=`, true],
    ['base64', `${'A'.repeat(44)}`, false],
    ['base64', `${'A'.repeat(42)}==`, false],
    ['base64', `${'é'.repeat(43)}=`, false],
  ] as const)('%s %j is well formed: %s', (encoding, value, expected) => {
    expect(wellFormedSignature(value, encoding) !== undefined).toBe(expected);
  });
});
