import { sampledInvocation } from '../../../functions/shared/tracing';

const LAMBDA = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' };
const header = (sampled: '0' | '1') =>
  `Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=${sampled}`;

describe('sampledInvocation (whether the tracer is loaded for this invocation)', () => {
  it('is true in Lambda for a sampled trace header', () => {
    expect(sampledInvocation({ ...LAMBDA, _X_AMZN_TRACE_ID: header('1') }, undefined)).toBe(true);
  });

  it('is false for an unsampled or missing trace header', () => {
    expect(sampledInvocation({ ...LAMBDA, _X_AMZN_TRACE_ID: header('0') }, undefined)).toBe(false);
    expect(sampledInvocation({ ...LAMBDA }, undefined)).toBe(false);
  });

  it('reads the header from the runtime invoke store before the environment', () => {
    const store = { getXRayTraceId: () => header('1') };

    expect(sampledInvocation({ ...LAMBDA, _X_AMZN_TRACE_ID: header('0') }, store)).toBe(true);
  });

  it.each([
    ['outside Lambda', { _X_AMZN_TRACE_ID: header('1') }],
    ['under SAM local', { ...LAMBDA, AWS_SAM_LOCAL: 'true', _X_AMZN_TRACE_ID: header('1') }],
    [
      'with POWERTOOLS_TRACE_ENABLED=false',
      { ...LAMBDA, POWERTOOLS_TRACE_ENABLED: 'FALSE', _X_AMZN_TRACE_ID: header('1') },
    ],
  ])('is false %s', (_, env) => {
    expect(sampledInvocation(env, undefined)).toBe(false);
  });
});
