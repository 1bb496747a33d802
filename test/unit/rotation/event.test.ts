import { parseRotationEvent } from '../../../functions/shared/rotation/event';

const event = { Step: 'setSecret', SecretId: 'arn:aws:secretsmanager:eu-west-1:1:secret:x', ClientRequestToken: 't' };

describe('parseRotationEvent', () => {
  it('reads the step, secret ARN and token Secrets Manager sends', () => {
    expect(parseRotationEvent({ ...event, RotationToken: 'ignored' })).toEqual(event);
  });

  it.each(['Step', 'SecretId', 'ClientRequestToken'])('rejects an event without %s', (field) => {
    expect(() => parseRotationEvent({ ...event, [field]: undefined })).toThrow(new RegExp(`"${field}"`));
  });

  it('rejects an unknown step', () => {
    expect(() => parseRotationEvent({ ...event, Step: 'dropSecret' })).toThrow(/unknown step/);
  });

  it('rejects something that is not an object', () => {
    expect(() => parseRotationEvent('createSecret')).toThrow(
      expect.objectContaining({ name: 'InvalidRotationEventError' }),
    );
  });
});
