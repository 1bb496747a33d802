// test/support/token-stack-traces.ts changes how cdktf records where a token was made (without jest's source mapping,
// for speed): the record must still hold every frame, as V8 formats them, for cdktf's error messages.
import { Lazy } from 'cdktf';

describe('cdktf token creation stacks under jest', () => {
  it('name the frames that made the token, this test among them, as V8 formats them', () => {
    // Act
    const token = Lazy.anyValue({ produce: () => 'value' });

    // Assert
    const frames = token.creationStack;
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.every((frame) => typeof frame === 'string' && frame.length > 0)).toBe(true);
    expect(frames.some((frame) => frame.includes('token-stack-traces.test.ts:'))).toBe(true);
    // cdktf keeps each frame without V8's "at " prefix, and hides its own capturing function.
    expect(frames.filter((frame) => /^\s*at\s/.test(frame))).toEqual([]);
    expect(frames.filter((frame) => frame.includes('captureStackTrace'))).toEqual([]);
  });
});
