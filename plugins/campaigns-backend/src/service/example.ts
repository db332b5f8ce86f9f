import { Config } from '@backstage/config';
import {
  CampaignInput,
  dayOf,
} from '@internal/backstage-plugin-campaigns-common';

/** The id of the example campaign: seeded once, then left as people edit it. */
export const EXAMPLE_CAMPAIGN_ID = 'example-checkout-gold';

/**
 * Whether to seed the example campaign: `campaigns.exampleCampaign`, by
 * default only on the laptop default (SQLite), never on PostgreSQL.
 */
export function seedsExample(config: Config): boolean {
  const set = config.getOptionalBoolean('campaigns.exampleCampaign');
  if (set !== undefined) return set;
  const client = config.getOptionalString('backend.database.client') ?? '';
  return client === 'better-sqlite3' || client === 'sqlite3';
}

/** The issue's own example, running from today for eight weeks. */
export function exampleCampaign(now: Date): CampaignInput {
  const deadline = new Date(now.getTime() + 56 * 24 * 60 * 60 * 1000);
  return {
    title: 'Checkout in production at gold',
    description:
      'Every production component of the Checkout system reaches the gold level of the readiness scorecard: on-call in PagerDuty, a dashboard, and created from a golden path (on top of silver and bronze).',
    scope: {
      kind: 'Component',
      system: 'system:default/checkout',
      lifecycle: 'production',
    },
    target: { type: 'level', level: 'gold' },
    startDate: dayOf(now),
    deadline: dayOf(deadline),
  };
}
