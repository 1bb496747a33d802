/**
 * The Node.js major every function runs on. tools/build/build-functions.mjs compiles for the same major
 * (`target: node24`); test/unit/node-versions.test.ts fails when the two drift apart.
 */
export const LAMBDA_NODE_MAJOR = 24;

/** The Lambda runtime identifier of {@link LAMBDA_NODE_MAJOR} (deprecated by AWS on 2028-04-30). */
export const LAMBDA_RUNTIME = `nodejs${LAMBDA_NODE_MAJOR}.x` as const;
