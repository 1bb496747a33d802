import { createHash, createHmac } from 'node:crypto';
import { scramSha256Verifier } from '../../../functions/rotate-postgres/scram';

// RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
const RFC_SALT = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
const AUTH_MESSAGE =
  'n=user,r=rOprNGfwEbeRWgbNEkqO,' +
  'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,' +
  'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
const RFC_CLIENT_PROOF = 'dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const RFC_SERVER_SIGNATURE = '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

function parse(verifier: string) {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!match) throw new Error(`not a SCRAM verifier: ${verifier}`);
  const [, iterations, salt, storedKey, serverKey] = match as unknown as string[];
  return {
    iterations: Number(iterations),
    salt: Buffer.from(salt ?? '', 'base64'),
    storedKey: Buffer.from(storedKey ?? '', 'base64'),
    serverKey: Buffer.from(serverKey ?? '', 'base64'),
  };
}

describe('scramSha256Verifier', () => {
  it('derives the keys of the RFC 7677 example, so a server verifies the client and the client the server', () => {
    const { storedKey, serverKey } = parse(scramSha256Verifier('pencil', RFC_SALT, 4096));

    const serverSignature = createHmac('sha256', serverKey).update(AUTH_MESSAGE).digest('base64');
    const clientSignature = createHmac('sha256', storedKey).update(AUTH_MESSAGE).digest();
    const proof = Buffer.from(RFC_CLIENT_PROOF, 'base64');
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ (clientSignature[i] ?? 0)));
    expect(serverSignature).toBe(RFC_SERVER_SIGNATURE);
    expect(createHash('sha256').update(clientKey).digest()).toEqual(storedKey);
  });

  it('uses PostgreSQL defaults: 4096 iterations and a fresh 16-byte salt each time', () => {
    const a = parse(scramSha256Verifier('same password'));
    const b = parse(scramSha256Verifier('same password'));

    expect(a.iterations).toBe(4096);
    expect(a.salt).toHaveLength(16);
    expect(a.salt.equals(b.salt)).toBe(false);
  });

  it.each(['', 'pässword', 'tab\there'])('refuses a password that is not printable ASCII (%j)', (password) => {
    expect(() => scramSha256Verifier(password)).toThrow(/printable ASCII/);
  });
});
