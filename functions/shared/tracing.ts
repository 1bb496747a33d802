import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The functions' one X-Ray tracer, created once per cold start. It records only when the function runs in
 * Lambda with active tracing (Powertools checks AWS_EXECUTION_ENV; POWERTOOLS_TRACE_ENABLED=false turns it
 * off); elsewhere every helper below runs the work untraced. HTTP capture stays off: the AWS SDK calls are
 * captured per client (tracer.captureAWSv3Client), PostgreSQL per query (postgres.ts), and nothing else
 * leaves the function, so a global http/https patch would only add a second, URL-carrying subsegment per call.
 */
export const tracer = new Tracer({ captureHTTPsRequests: false });

/** Values X-Ray indexes for filter expressions; keys are letters, digits and underscores only. */
export type Annotations = Readonly<Record<string, string | number | boolean>>;

/** An X-Ray segment or subsegment, typed through Powertools (aws-xray-sdk-core is its dependency, not ours). */
type XraySegment = NonNullable<ReturnType<Tracer['getSegment']>>;
/** A subsegment: what addNewSubsegment returns on either kind of segment. */
export type Subsegment = ReturnType<XraySegment['addNewSubsegment']>;

/** Where the caller's work runs: a segment or subsegment, or undefined when nothing is traced. */
export type TraceScope = XraySegment | undefined;

export interface SubsegmentOptions {
  /** Where the subsegment goes. @default the active segment (the handler's subsegment inside traceHandler) */
  readonly parent?: TraceScope;
  /** `remote` for a call to another system, which X-Ray then draws as its own node. @default none (local work) */
  readonly namespace?: 'remote';
  /** Fixed labels to index the subsegment by. @default none */
  readonly annotations?: Annotations;
  /** Labels to add when the work fails, e.g. a SQLSTATE. @default none */
  readonly errorAnnotations?: (error: unknown) => Annotations;
}

/**
 * Runs `work` in a new subsegment named `name` under `parent` (default: the active segment), closes it when
 * the work settles, and flags it as failed if the work throws. Only the error's class name is recorded, as an
 * annotation: messages may quote input (SQL, request bodies), so they stay out of the trace as they stay out
 * of the logs. `name` and the annotations must be fixed labels, never values.
 */
export async function inSubsegment<T>(
  name: string,
  work: (scope: TraceScope) => Promise<T>,
  options: SubsegmentOptions = {},
): Promise<T> {
  const parent = options.parent ?? activeSegment();
  if (parent === undefined) return work(undefined);
  const subsegment = parent.addNewSubsegment(name);
  if (options.namespace !== undefined) subsegment.namespace = options.namespace;
  for (const [key, value] of Object.entries(options.annotations ?? {})) subsegment.addAnnotation(key, value);
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
export function markFailed(subsegment: Subsegment, error: unknown, annotations: Annotations = {}): void {
  subsegment.addErrorFlag();
  // The class, not `name`: pg's DatabaseError is named "error".
  subsegment.addAnnotation('errorName', error instanceof Error ? error.constructor.name : typeof error);
  for (const [key, value] of Object.entries(annotations)) subsegment.addAnnotation(key, value);
}

/**
 * Wraps a Lambda handler the way Powertools' captureLambdaHandler does, without recording the response or
 * the error message: a `## <handler>` subsegment under the invocation's segment, active while the handler
 * runs (so captured SDK clients and queries nest under it), annotated with ColdStart, Service and, for
 * function URL responses, the status code.
 */
export function traceHandler<Event, Context, Result>(
  handler: (event: Event, context?: Context) => Promise<Result>,
): (event: Event, context?: Context) => Promise<Result> {
  if (!tracer.isTracingEnabled()) return handler;
  return async (event, context) => {
    const invocation = activeSegment();
    if (invocation === undefined) return handler(event, context);
    const subsegment = invocation.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
    tracer.setSegment(subsegment);
    try {
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
      const result = await handler(event, context);
      const status = (result as { statusCode?: unknown } | undefined)?.statusCode;
      if (typeof status === 'number') subsegment.addAnnotation('statusCode', status);
      return result;
    } catch (error) {
      markFailed(subsegment, error);
      throw error;
    } finally {
      subsegment.close();
      tracer.setSegment(invocation);
    }
  };
}

function activeSegment(): TraceScope {
  if (!tracer.isTracingEnabled()) return undefined;
  // In Lambda this is the invocation's facade segment, or the handler's subsegment inside traceHandler.
  return tracer.getSegment();
}
