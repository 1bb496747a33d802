import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { arnPrefix } from '../config/regions';
import type { AlarmSettings } from '../config/types';
import { policyDocument } from './policy-document';

/** Props of an environment's alarm topic. */
export interface AlarmTopicProps {
  /** `<project>-<env>`: the topic is `<namePrefix>-alarms`; only alarms and rules with this prefix may publish. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** The environment key; its policy lets CloudWatch and EventBridge use it for this environment's topics. */
  readonly kmsKeyArn: string;
  /** Who is subscribed. */
  readonly alarms: AlarmSettings;
}

/**
 * The SNS topic every alarm of an environment notifies: encrypted with the environment key, subscribed by the
 * configured emails (and HTTPS endpoint), and publishable only by this account's CloudWatch alarms and
 * EventBridge rules of this environment.
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const { accountId, region, namePrefix } = props;
    this.topic = new SnsTopic(this, 'topic', {
      name: `${namePrefix}-alarms`,
      displayName: `${namePrefix} alarms`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    const fromThisEnvironment = (sourceArnPattern: string) => ({
      StringEquals: { 'aws:SourceAccount': accountId },
      ArnLike: { 'aws:SourceArn': sourceArnPattern },
    });
    new SnsTopicPolicy(this, 'policy', {
      arn: this.topic.arn,
      policy: policyDocument([
        {
          Sid: 'CloudWatchAlarmsOfThisEnvironmentPublish',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: fromThisEnvironment(
            `${arnPrefix(region)}:cloudwatch:${region}:${accountId}:alarm:${namePrefix}-*`,
          ),
        },
        {
          Sid: 'EventBridgeRulesOfThisEnvironmentPublish',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: fromThisEnvironment(`${arnPrefix(region)}:events:${region}:${accountId}:rule/${namePrefix}-*`),
        },
      ]),
    });

    // Ids from the address, not its position: removing one address must not re-create (and re-confirm) the others.
    for (const email of props.alarms.emails) {
      new SnsTopicSubscription(this, `email-${email}`, {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    }
    if (props.alarms.httpsEndpoint) {
      new SnsTopicSubscription(this, 'https', {
        topicArn: this.topic.arn,
        protocol: 'https',
        endpoint: props.alarms.httpsEndpoint,
        // The endpoint confirms the subscription by fetching the SubscribeURL SNS posts to it.
        endpointAutoConfirms: false,
      });
    }
  }
}
