import type { Tracer } from '@aws-lambda-powertools/tracer';

/** Values X-Ray indexes for filter expressions; keys are letters, digits and underscores only. */
export type Annotations = Readonly<Record<string, string | number | boolean>>;

/** An X-Ray segment or subsegment, typed through Powertools (aws-xray-sdk-core is its dependency, not ours). */
type XraySegment = NonNullable<ReturnType<Tracer['getSegment']>>;
/** A subsegment: what addNewSubsegment returns on either kind of segment. */
export type Subsegment = ReturnType<XraySegment['addNewSubsegment']>;

/** Where the caller's work runs: a segment or subsegment, or undefined when nothing is traced. */
export type TraceScope = XraySegment | undefined;

/**
 * The Powertools Tracer, loaded on the first sampled invocation rather than at init. Loading it (the X-Ray SDK
 * with it) costs about as much as the rest of the webhook's own init, and an environment that never serves a
 * sampled request never needs it; the invocation that loads it pays that cost instead (bench/cold-start.mjs).
 */
let loaded: Tracer | undefined;
/** Set when loading failed (a broken package): the function then runs untraced rather than failing requests. */
let unavailable = false;
/** SDK clients built before the tracer was loaded: captured when it is. */
const pendingClients: object[] = [];

/**
 * What the functions call at cold start: `tracer.captureAWSv3Client(new SecretsManagerClient(AWS_CLIENT_OPTIONS))`, as with
 * Powertools, so that each call of the client becomes a subsegment. The client is returned unchanged and the
 * X-Ray middleware is added to it when the tracer loads, before any traced call.
 */
export const tracer = {
  captureAWSv3Client<Client extends object>(client: Client): Client {
    if (loaded === undefined) pendingClients.push(client);
    else loaded.captureAWSv3Client(client);
    return client;
  },
};

/** The Lambda runtime's per-invocation store (Node.js 22+ runtimes), which holds the trace header there. */
interface InvokeStoreLike {
  getXRayTraceId?: () => string | undefined;
}

/**
 * Whether this invocation will be recorded: in Lambda (AWS_EXECUTION_ENV), not under SAM local, tracing not
 * turned off (POWERTOOLS_TRACE_ENABLED=false), and the invocation's trace header says Sampled=1.
 */
export function sampledInvocation(
  env: NodeJS.ProcessEnv = process.env,
  store: InvokeStoreLike | undefined = (globalThis as { awslambda?: { InvokeStore?: InvokeStoreLike } }).awslambda
    ?.InvokeStore,
): boolean {
  if (!env.AWS_EXECUTION_ENV || env.AWS_SAM_LOCAL || env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() === 'false') {
    return false;
  }
  const header = store?.getXRayTraceId?.() ?? env._X_AMZN_TRACE_ID ?? '';
  return header.split(';').some((field) => field.trim() === 'Sampled=1');
}

/**
 * The tracer, loaded once. A plain require, which the build points at a file of its own beside index.js
 * (LAZY_CHUNKS in tools/build/build-functions.mjs). HTTP capture stays off: the SDK clients are captured one by
 * one, and the few other calls (PostgreSQL, GitHub's API) run in inSubsegment with fixed names, where a global
 * http/https patch would add a subsegment per call carrying its URL.
 */
function loadTracer(): Tracer {
  if (loaded === undefined) {
    const powertools = require('@aws-lambda-powertools/tracer') as typeof import('@aws-lambda-powertools/tracer');
    loaded = new powertools.Tracer({ captureHTTPsRequests: false });
    for (const client of pendingClients.splice(0)) loaded.captureAWSv3Client(client);
  }
  return loaded;
}

function tryLoadTracer(): Tracer | undefined {
  try {
    return loadTracer();
  } catch (error) {
    unavailable = true;
    console.error(`tracing disabled: the tracer did not load (${error instanceof Error ? error.name : typeof error})`);
    return undefined;
  }
}

export interface SubsegmentOptions {
  /** Where the subsegment goes. @default the active segment (the handler's subsegment inside traceHandler) */
  readonly parent?: TraceScope;
  /**
   * `remote` for a call to another system, which X-Ray then draws as its own node; `aws` for an AWS call made
   * without an SDK client (named as X-Ray names the service, e.g. `SecretsManager`). @default none (local work)
   */
  readonly namespace?: 'remote' | 'aws';
  /** Labels to add when the work fails, e.g. a SQLSTATE. @default none */
  readonly errorAnnotations?: (error: unknown) => Annotations;
}

/**
 * Runs `work` in a new subsegment named `name` under `parent` (default: the active segment), closes it when
 * the work settles, and flags it as failed if the work throws. Only the error's class name is recorded, as an
 * annotation: messages may quote input (SQL, request bodies), so they stay out of the trace as they stay out
 * of the logs. `name` and the error annotations must be fixed labels, never values.
 */
export async function inSubsegment<T>(
  name: string,
  work: (scope: Subsegment | undefined) => Promise<T>,
  options: SubsegmentOptions = {},
): Promise<T> {
  const parent = options.parent ?? activeSegment();
  if (parent === undefined) return work(undefined);
  const subsegment = parent.addNewSubsegment(name);
  if (options.namespace !== undefined) subsegment.namespace = options.namespace;
  try {
    return await work(subsegment);
  } catch (error) {
    markFailed(subsegment, error, options.errorAnnotations?.(error));
    throw error;
  } finally {
    subsegment.close();
  }
}

/** Flags a subsegment as failed and annotates the error's class name (never its message). */
function markFailed(subsegment: Subsegment, error: unknown, annotations: Annotations = {}): void {
  subsegment.addErrorFlag();
  // The class, not `name`: pg's DatabaseError is named "error".
  subsegment.addAnnotation('errorName', error instanceof Error ? error.constructor.name : typeof error);
  for (const [key, value] of Object.entries(annotations)) subsegment.addAnnotation(key, value);
}

/**
 * Wraps a Lambda handler the way Powertools' captureLambdaHandler does, without recording the response or
 * the error message: a `## <handler>` subsegment under the invocation's segment, active while the handler
 * runs (so captured SDK clients and queries nest under it), annotated with ColdStart (the environment's first
 * invocation), Service and, for function URL responses, the status code. Loads the tracer on the first sampled
 * invocation.
 */
export function traceHandler<Event, Context, Result>(
  handler: (event: Event, context?: Context) => Promise<Result>,
): (event: Event, context?: Context) => Promise<Result> {
  // Provisioned concurrency initialises ahead of the first request, which is then no cold start.
  let coldStart = process.env.AWS_LAMBDA_INITIALIZATION_TYPE !== 'provisioned-concurrency';
  return async (event, context) => {
    const firstInvocation = coldStart;
    coldStart = false;
    const active = loaded ?? (!unavailable && sampledInvocation() ? tryLoadTracer() : undefined);
    const invocation = active?.isTracingEnabled() ? active.getSegment() : undefined;
    if (active === undefined || invocation === undefined) return handler(event, context);
    const subsegment = invocation.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
    active.setSegment(subsegment);
    try {
      subsegment.addAnnotation('ColdStart', firstInvocation);
      active.addServiceNameAnnotation();
      const result = await handler(event, context);
      const status = (result as { statusCode?: unknown } | undefined)?.statusCode;
      if (typeof status === 'number') subsegment.addAnnotation('statusCode', status);
      return result;
    } catch (error) {
      markFailed(subsegment, error);
      throw error;
    } finally {
      subsegment.close();
      active.setSegment(invocation);
    }
  };
}

function activeSegment(): TraceScope {
  // In Lambda this is the invocation's facade segment, or the handler's subsegment inside traceHandler.
  return loaded?.isTracingEnabled() ? loaded.getSegment() : undefined;
}
