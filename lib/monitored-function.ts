import type { Construct } from 'constructs';
import { BundledFunction } from './constructs/bundled-function';

/** What the monitoring stack needs to watch one function and its dead-letter queue. */
export interface MonitoredFunction {
  /** `<project>-<env>-<name>` as a literal: the prefix of the function's alarm names. */
  readonly name: string;
  /** The function's name as a reference, so its alarms follow it (and its stack deploys first). */
  readonly functionName: string;
  /** Name of the function's log group. */
  readonly logGroupName: string;
  /** Name of the function's dead-letter queue. */
  readonly deadLetterQueueName: string;
}

/**
 * Every BundledFunction under `scope`, for a stack's typed outputs: a function added to a stack is watched by
 * `<env>-monitoring` without a list to keep up to date (the guardrails catch functions made any other way).
 */
export function monitoredFunctions(scope: Construct): MonitoredFunction[] {
  return scope.node
    .findAll()
    .filter((construct): construct is BundledFunction => construct instanceof BundledFunction)
    .map((bundled) => ({
      name: bundled.functionName,
      functionName: bundled.function.functionName,
      logGroupName: bundled.logGroup.logGroup.name,
      deadLetterQueueName: bundled.deadLetterQueue.name,
    }));
}
