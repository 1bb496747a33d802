import { MethodNotAllowedError, RouteNotFoundError } from '../../../functions/api/errors';
import { matchRoute } from '../../../functions/api/routes';

describe('matchRoute', () => {
  it.each([
    ['/health', 'health'],
    ['/whoami', 'whoami'],
    ['/settings', 'settings'],
    ['/db/ping', 'dbPing'],
  ])('maps GET %s to %s', (path, route) => {
    expect(matchRoute('GET', path)).toBe(route);
  });

  it('lists the allowed methods of a known path', () => {
    let error: unknown;
    try {
      matchRoute('POST', '/db/ping');
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(MethodNotAllowedError);
    expect((error as MethodNotAllowedError).allowed).toEqual(['GET']);
  });

  it.each(['/toString', '/hasOwnProperty', ''])('does not take the object prototype %j for a route', (path) => {
    expect(() => matchRoute('GET', path)).toThrow(RouteNotFoundError);
  });

  it('does not take a prototype method name for an HTTP method', () => {
    expect(() => matchRoute('constructor', '/health')).toThrow(MethodNotAllowedError);
  });
});
