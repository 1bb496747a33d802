import { BudgetsBudget, type BudgetsBudgetNotification } from '@cdktf/provider-aws/lib/budgets-budget';
import { Construct } from 'constructs';
import type { BudgetSettings } from '../config/types';

/** Props of an environment's monthly cost budget. */
export interface CostBudgetProps {
  /** `<project>-<env>`: the budget is `<namePrefix>-monthly`. */
  readonly namePrefix: string;
  readonly accountId: string;
  /** Amount and recipients from the environment's config. */
  readonly budget: BudgetSettings;
}

/** When the budget emails: actual spend at 80% and 100%, and a forecast above 100% (early warning). */
export const BUDGET_ALERTS: readonly { readonly type: 'ACTUAL' | 'FORECASTED'; readonly percent: number }[] = [
  { type: 'ACTUAL', percent: 80 },
  { type: 'ACTUAL', percent: 100 },
  { type: 'FORECASTED', percent: 100 },
];

/**
 * A monthly AWS Budgets cost budget of the environment's account with forecast and actual email alerts. Budgets
 * email the recipients directly (not through the alarm topic, whose policy admits only CloudWatch and EventBridge).
 */
export class CostBudget extends Construct {
  readonly budget: BudgetsBudget;

  constructor(scope: Construct, id: string, props: CostBudgetProps) {
    super(scope, id);
    const { recipients, monthlyUsd } = props.budget;
    const notification: BudgetsBudgetNotification[] = BUDGET_ALERTS.map((alert) => ({
      notificationType: alert.type,
      comparisonOperator: 'GREATER_THAN',
      threshold: alert.percent,
      thresholdType: 'PERCENTAGE',
      subscriberEmailAddresses: [...recipients],
    }));
    this.budget = new BudgetsBudget(this, 'budget', {
      name: `${props.namePrefix}-monthly`,
      accountId: props.accountId,
      budgetType: 'COST',
      limitAmount: monthlyUsd.toFixed(2),
      limitUnit: 'USD',
      timeUnit: 'MONTHLY',
      // AWS Budgets refuses a notification without subscribers: a budget nobody receives is still shown in the console.
      notification: recipients.length > 0 ? notification : undefined,
    });
  }
}
