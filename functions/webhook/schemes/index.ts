import { github } from './github';
import type { SchemeName, WebhookScheme } from './scheme';
import { slack } from './slack';
import { standardWebhooks } from './standard-webhooks';
import { stripe } from './stripe';

/** Every supported scheme by its WEBHOOK_SCHEME name. */
export const SCHEMES: Readonly<Record<SchemeName, WebhookScheme>> = {
  github,
  stripe,
  slack,
  'standard-webhooks': standardWebhooks,
};
