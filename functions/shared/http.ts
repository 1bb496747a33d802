/** The IAM caller a function URL with AWS_IAM auth puts into the request context. */
export interface IamCaller {
  readonly accessKey?: string;
  readonly accountId?: string;
  readonly callerId?: string;
  readonly principalOrgId?: string | null;
  readonly userArn?: string;
  readonly userId?: string;
}

/** A Lambda function URL request (payload format 2.0); only the fields the functions read. */
export interface FunctionUrlEvent {
  readonly version?: string;
  readonly rawPath?: string;
  readonly rawQueryString?: string;
  /** Lower-cased names; repeated headers arrive joined with commas. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: {
    readonly requestId?: string;
    /** When Lambda received the request, epoch milliseconds (set by Lambda, not the caller). */
    readonly timeEpoch?: number;
    readonly http?: { readonly method?: string; readonly path?: string; readonly sourceIp?: string };
    readonly authorizer?: { readonly iam?: IamCaller };
  };
}

/** What a function URL handler returns. */
export interface FunctionUrlResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** A JSON response with headers that keep caches and content sniffing away. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): FunctionUrlResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** The headers of an event with lower-cased names (function URLs already lower-case them; tests may not). */
export function lowerCaseHeaders(event: FunctionUrlEvent): Record<string, string> {
  // No prototype: a header named "__proto__" or "constructor" is just a header.
  const result: Record<string, string> = Object.create(null);
  const headers = event?.headers;
  if (headers === null || typeof headers !== 'object') {
    return result;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') {
      result[name.toLowerCase()] = value;
    }
  }
  return result;
}

/** The request's HTTP method in upper case, or '' when the event has none. */
export function requestMethod(event: FunctionUrlEvent): string {
  const method = event?.requestContext?.http?.method;
  return typeof method === 'string' ? method.toUpperCase() : '';
}
