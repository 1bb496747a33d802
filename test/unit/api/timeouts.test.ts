import { API_TIMEOUTS, worstCaseDatabaseMs } from '../../../functions/api/timeouts';

describe('the API time budget', () => {
  it('ends the slowest database path, retry included, before the function times out', () => {
    expect(worstCaseDatabaseMs() + API_TIMEOUTS.headroomMs).toBeLessThanOrEqual(API_TIMEOUTS.functionSeconds * 1000);
  });

  it('would be flagged if the statement timeout outgrew the function timeout', () => {
    const tooSlow = { ...API_TIMEOUTS, statementMs: 10_000 };
    expect(worstCaseDatabaseMs(tooSlow) + tooSlow.headroomMs).toBeGreaterThan(tooSlow.functionSeconds * 1000);
  });
});
