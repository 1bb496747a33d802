// cdktf records where each token (a reference, a Lazy, an intrinsic) was made: a stack trace of unlimited depth, kept
// for its error messages. Inside jest, every such trace goes through jest's source-map support, which clones each frame
// and maps it back to the TypeScript: in a synth of a fixture app that was about 60 % of the time. This file, run
// before each test file, makes cdktf format the frames the way V8 does without source maps, as `npm run synth` records
// them: the same frames in the same messages, with positions in the transformed JavaScript. Stack traces of test
// failures keep jest's source-mapped positions.
import * as stackTrace from 'cdktf/lib/tokens/private/stack-trace';

/** cdktf's captureStackTrace (same frames, `below` hidden as in cdktf) without the jest source-map formatting. */
function captureStackTrace(below?: (...args: never[]) => unknown): string[] {
  const holder: { stack?: NodeJS.CallSite[] } = {};
  const { stackTraceLimit, prepareStackTrace } = Error;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.prepareStackTrace = (_error, callSites) => callSites;
    Error.captureStackTrace(holder, below ?? captureStackTrace);
    // Read inside the try: V8 formats the trace when `stack` is first read, with the prepareStackTrace set then.
    return (holder.stack ?? []).map(String);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
}

// cdktf's modules call `stack_trace_1.captureStackTrace()` through the module's exports, so replacing the export here
// (jest gives this file and the test file one module registry) reaches every caller.
if (typeof stackTrace.captureStackTrace !== 'function') {
  throw new Error('cdktf/lib/tokens/private/stack-trace no longer exports captureStackTrace: update this file');
}
Object.assign(stackTrace, { captureStackTrace });
