// functions/shared/tracing.ts with nothing behind it: bench/cold-start.mjs builds each function once more with
// this file in its place, to measure what tracing adds to init against the same code without the tracer.
import type { inSubsegment as traced, traceHandler as tracedHandler } from '../../functions/shared/tracing';

export const tracer = { captureAWSv3Client: <T>(client: T): T => client };

export const inSubsegment: typeof traced = (_name, work) => work(undefined);

export const traceHandler: typeof tracedHandler = (handler) => handler;
