import { currentVersionId, decideStep, type SecretMetadata } from '../../../functions/shared/rotation/stages';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf';

function metadata(versions: Record<string, string[]>, rotationEnabled = true): SecretMetadata {
  return { arn: ARN, rotationEnabled, versions };
}

describe('decideStep', () => {
  it('runs the step for the AWSPENDING version', () => {
    expect(decideStep(metadata({ v1: ['AWSCURRENT'], t: ['AWSPENDING'] }), 't')).toBe('run');
  });

  it('returns early for a version that is already AWSCURRENT (also when still AWSPENDING)', () => {
    expect(decideStep(metadata({ t: ['AWSCURRENT', 'AWSPENDING'] }), 't')).toBe('already-current');
  });

  it('refuses when rotation is not enabled', () => {
    expect(() => decideStep(metadata({ t: ['AWSPENDING'] }, false), 't')).toThrow(
      expect.objectContaining({ name: 'RotationNotEnabledError' }),
    );
  });

  it.each([
    ['unknown', {}],
    ['without a stage', { t: [] }],
  ])('refuses a token that is %s', (_case, versions) => {
    expect(() => decideStep(metadata(versions), 't')).toThrow(
      expect.objectContaining({ name: 'VersionNotStagedError' }),
    );
  });

  it('refuses a version staged only as AWSPREVIOUS', () => {
    expect(() => decideStep(metadata({ t: ['AWSPREVIOUS'] }), 't')).toThrow(
      expect.objectContaining({ name: 'VersionNotPendingError' }),
    );
  });
});

describe('currentVersionId', () => {
  it('finds the version with AWSCURRENT, or none for a secret that never had a value', () => {
    expect(currentVersionId({ a: ['AWSPREVIOUS'], b: ['AWSCURRENT'], c: ['AWSPENDING'] })).toBe('b');
    expect(currentVersionId({ c: ['AWSPENDING'] })).toBeUndefined();
  });
});
