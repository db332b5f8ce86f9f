/*
 * The PagerDuty account of the sample org in catalog/: one escalation policy
 * per team with its members on call, a service per component (the ids in
 * the components' `pagerduty.com/service-id`) and a default service per team
 * (the ids in the teams' annotation, used by components without their own,
 * e.g. every service a golden path creates). People are the catalog's users,
 * with their names and emails. `sampleOrgPagerDuty.test.ts` checks that it
 * agrees with catalog/.
 */
import { FakePagerDutySeed, FakePagerDutyUser } from './types';

/**
 * The PagerDuty service id of each catalog entity that names one in its
 * `pagerduty.com/service-id` annotation (components and team groups).
 */
export const SAMPLE_ORG_PAGERDUTY_SERVICE_IDS: Readonly<
  Record<string, string>
> = {
  'component:default/payment-service': 'PPAYSVC',
  'component:default/ledger-service': 'PLEDGER',
  'component:default/fraud-detection': 'PFRAUDD',
  'component:default/checkout-web': 'PCHKWEB',
  'component:default/cart-service': 'PCARTSV',
  'component:default/order-service': 'PORDERS',
  'component:default/support-console': 'PSUPCON',
  'component:default/notification-service': 'PNOTIFY',
  'group:default/team-payments': 'PTPAYMT',
  'group:default/team-fraud': 'PTFRAUD',
  'group:default/team-checkout': 'PTCHECK',
  'group:default/platform': 'PTPLATF',
};

const user = (id: string, name: string): FakePagerDutyUser => ({
  id,
  name,
  email: `${name.toLowerCase().replace(/ /g, '.')}@acme.example`,
});

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/**
 * The sample org's PagerDuty account as it is at `now`: daily level-1 shifts
 * handed over at 08:00 UTC, weekly level-2 shifts from Monday 08:00 UTC, and
 * each team's tech lead always on call at the last level. Two incidents are
 * open (payment-service, cart-service) and one is resolved.
 */
export function sampleOrgPagerDuty(now: Date = new Date()): FakePagerDutySeed {
  const today8 = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
    8,
  );
  const dailyStart = now.getTime() >= today8 ? today8 : today8 - DAY;
  const daysSinceMonday = (new Date(dailyStart).getUTCDay() + 6) % 7;
  const weeklyStart = dailyStart - daysSinceMonday * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();
  const daily = { start: iso(dailyStart), end: iso(dailyStart + DAY) };
  const weekly = { start: iso(weeklyStart), end: iso(weeklyStart + 7 * DAY) };
  const always = { start: null, end: null };
  const ago = (ms: number) => iso(now.getTime() - ms);

  return {
    users: [
      user('PALICEN', 'Alice Nguyen'),
      user('PBOBMAR', 'Bob Martinez'),
      user('PCARLAS', 'Carla Schmidt'),
      user('PDAVIDO', 'David Okafor'),
      user('PEMMALA', 'Emma Larsen'),
      user('PFARAHH', 'Farah Haddad'),
      user('PGEORGK', 'George Kim'),
      user('PHANNAM', 'Hannah Mueller'),
      user('PIVANPE', 'Ivan Petrov'),
      user('PJULIAS', 'Julia Santos'),
      user('PKENJIW', 'Kenji Watanabe'),
    ],
    escalationPolicies: [
      {
        id: 'PEPPAYS',
        name: 'Payments',
        onCall: [
          { level: 1, userId: 'PBOBMAR', ...daily },
          { level: 2, userId: 'PCARLAS', ...weekly },
          { level: 3, userId: 'PALICEN', ...always },
        ],
      },
      {
        id: 'PEPFRAD',
        name: 'Fraud & Risk',
        onCall: [
          { level: 1, userId: 'PEMMALA', ...daily },
          { level: 2, userId: 'PDAVIDO', ...always },
        ],
      },
      {
        id: 'PEPCHKT',
        name: 'Checkout',
        onCall: [
          { level: 1, userId: 'PGEORGK', ...daily },
          { level: 2, userId: 'PHANNAM', ...weekly },
          { level: 3, userId: 'PFARAHH', ...always },
        ],
      },
      {
        id: 'PEPPLAT',
        name: 'Platform Engineering',
        onCall: [
          { level: 1, userId: 'PJULIAS', ...daily },
          { level: 2, userId: 'PKENJIW', ...weekly },
          { level: 3, userId: 'PIVANPE', ...always },
        ],
      },
    ],
    services: [
      { id: 'PPAYSVC', name: 'Payment Service', escalationPolicyId: 'PEPPAYS' },
      { id: 'PLEDGER', name: 'Ledger Service', escalationPolicyId: 'PEPPAYS' },
      { id: 'PFRAUDD', name: 'Fraud Detection', escalationPolicyId: 'PEPFRAD' },
      { id: 'PCHKWEB', name: 'Checkout Web', escalationPolicyId: 'PEPCHKT' },
      { id: 'PCARTSV', name: 'Cart Service', escalationPolicyId: 'PEPCHKT' },
      { id: 'PORDERS', name: 'Order Service', escalationPolicyId: 'PEPCHKT' },
      { id: 'PSUPCON', name: 'Support Console', escalationPolicyId: 'PEPCHKT' },
      {
        id: 'PNOTIFY',
        name: 'Notification Service',
        escalationPolicyId: 'PEPPLAT',
      },
      {
        id: 'PTPAYMT',
        name: 'Payments (team default)',
        description: 'Default service of the Payments team',
        escalationPolicyId: 'PEPPAYS',
      },
      {
        id: 'PTFRAUD',
        name: 'Fraud & Risk (team default)',
        description: 'Default service of the Fraud & Risk team',
        escalationPolicyId: 'PEPFRAD',
      },
      {
        id: 'PTCHECK',
        name: 'Checkout (team default)',
        description: 'Default service of the Checkout team',
        escalationPolicyId: 'PEPCHKT',
      },
      {
        id: 'PTPLATF',
        name: 'Platform Engineering (team default)',
        description: 'Default service of the Platform Engineering team',
        escalationPolicyId: 'PEPPLAT',
      },
    ],
    incidents: [
      {
        id: 'Q1PAYCAPTURE5X',
        number: 1041,
        title: 'Elevated 5xx on POST /v1/payments/capture',
        status: 'acknowledged',
        urgency: 'high',
        serviceId: 'PPAYSVC',
        createdAt: ago(25 * 60 * 1000),
      },
      {
        id: 'Q1CARTLATENCY9',
        number: 1042,
        title: 'Cart p99 latency above 800 ms',
        status: 'triggered',
        urgency: 'low',
        serviceId: 'PCARTSV',
        createdAt: ago(2 * HOUR),
      },
      {
        id: 'Q1LEDGERLAG000',
        number: 1039,
        title: 'Ledger consumer lag on payments.events',
        status: 'resolved',
        urgency: 'high',
        serviceId: 'PLEDGER',
        createdAt: ago(3 * DAY),
      },
    ],
  };
}
