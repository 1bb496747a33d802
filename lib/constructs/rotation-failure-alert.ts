import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { Construct } from 'constructs';
import { RUNBOOK } from './runbook';

/** Secrets Manager's CloudTrail service events for a rotation that did not finish. */
export const ROTATION_FAILURE_EVENTS = ['RotationFailed', 'RotationAbandoned', 'TestRotationFailed'] as const;

/** Props of the rotation failure alert. */
export interface RotationFailureAlertProps {
  /** `<project>-<env>`: the rule is `<namePrefix>-rotation-failed`. */
  readonly namePrefix: string;
  /** ARNs of the environment's rotated secrets. */
  readonly secretArns: readonly string[];
  /** ARN of the alarm topic the rule notifies. */
  readonly topicArn: string;
}

/**
 * An EventBridge rule on Secrets Manager's rotation failure events for the environment's secrets, sending a
 * readable message to the alarm topic. Secrets Manager sends these events through CloudTrail's default event
 * delivery: no trail is needed.
 */
export class RotationFailureAlert extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: RotationFailureAlertProps) {
    super(scope, id);
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: `${props.namePrefix}-rotation-failed`,
      description: `A rotation of a ${props.namePrefix} secret failed: see docs/alarms-runbook.md, "${RUNBOOK.rotationFailed.title}"`,
      eventPattern: JSON.stringify({
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS Service Event via CloudTrail'],
        detail: {
          eventSource: ['secretsmanager.amazonaws.com'],
          eventName: ROTATION_FAILURE_EVENTS,
          additionalEventData: { SecretId: props.secretArns },
        },
      }),
    });
    const entry = RUNBOOK.rotationFailed;
    new CloudwatchEventTarget(this, 'notify', {
      rule: this.rule.name,
      targetId: 'alarm-topic',
      arn: props.topicArn,
      inputTransformer: {
        inputPaths: { event: '$.detail.eventName', secret: '$.detail.additionalEventData.SecretId', time: '$.time' },
        inputTemplate: JSON.stringify(
          `Secrets Manager reported <event> for <secret> at <time>. ${entry.meaning} Do: ${entry.action}`,
        ),
      },
    });
  }
}
