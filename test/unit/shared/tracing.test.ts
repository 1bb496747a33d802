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

describe('traceHandler when the tracer cannot load', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it('runs every invocation untraced and says so once, instead of failing requests', async () => {
    // Arrange: a sampled Lambda invocation whose tracer package throws when required.
    Object.assign(process.env, LAMBDA, { _X_AMZN_TRACE_ID: header('1') });
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    let tracing: typeof import('../../../functions/shared/tracing') | undefined;
    jest.isolateModules(() => {
      jest.doMock('@aws-lambda-powertools/tracer', () => {
        throw new Error('Cannot find module ./powertools-tracer.js');
      });
      tracing = require('../../../functions/shared/tracing');
    });
    const handler = tracing?.traceHandler(async (event: string) => `handled ${event}`);

    // Act
    const results = [await handler?.('first'), await handler?.('second')];

    // Assert
    expect(results).toEqual(['handled first', 'handled second']);
    expect(errors.mock.calls).toEqual([['tracing disabled: the tracer did not load (Error)']]);
  });
});
