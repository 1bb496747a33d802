import { MethodNotAllowedError, RouteNotFoundError } from './errors';

/** The API's routes: path -> method -> route name. */
export const ROUTES = {
  '/health': { GET: 'health' },
  '/whoami': { GET: 'whoami' },
  '/whoami/signed': { GET: 'signedWhoami' },
  '/settings': { GET: 'settings' },
  '/db/ping': { GET: 'dbPing' },
} as const satisfies Readonly<Record<string, Readonly<Record<string, string>>>>;

export type RouteName = (typeof ROUTES)[keyof typeof ROUTES][keyof (typeof ROUTES)[keyof typeof ROUTES]];

/** The route for a request; throws RouteNotFoundError (404) or MethodNotAllowedError (405). */
export function matchRoute(method: string, path: string): RouteName {
  const methods: Readonly<Record<string, RouteName>> | undefined = Object.hasOwn(ROUTES, path)
    ? ROUTES[path as keyof typeof ROUTES]
    : undefined;
  if (methods === undefined) {
    throw new RouteNotFoundError('no such route');
  }
  const route = Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (route === undefined) {
    throw new MethodNotAllowedError(Object.keys(methods));
  }
  return route;
}
