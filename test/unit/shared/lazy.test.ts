import { lazy } from '../../../functions/shared/lazy';

describe('lazy', () => {
  it('creates the value on first use only, and reuses it', () => {
    let created = 0;
    const value = lazy(() => ({ n: ++created }));

    expect(created).toBe(0);
    const first = value();
    const second = value();

    expect(first).toBe(second);
    expect(created).toBe(1);
  });

  it('tries again after a creation that threw', () => {
    let attempts = 0;
    const value = lazy(() => {
      attempts += 1;
      if (attempts === 1) throw new Error('not yet');
      return 'ready';
    });

    expect(() => value()).toThrow('not yet');
    expect(value()).toBe('ready');
  });
});
