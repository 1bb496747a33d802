import { createHash } from 'node:crypto';
import { deliveryFacts } from '../../../functions/webhook/delivery-facts';
import { DeliveryIdMissingError } from '../../../functions/webhook/errors';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('delivery facts', () => {
  it('reads GitHub X-GitHub-Delivery and X-GitHub-Event', () => {
    const facts = deliveryFacts(
      'github',
      { 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958', 'x-github-event': 'push' },
      json({}),
    );

    expect(facts).toEqual({ deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958', eventType: 'push' });
  });

  it('reads the Standard Webhooks webhook-id and the body type', () => {
    expect(deliveryFacts('standard-webhooks', { 'webhook-id': 'msg_1' }, json({ type: 'invoice.paid' }))).toEqual({
      deliveryId: 'msg_1',
      eventType: 'invoice.paid',
    });
  });

  it('reads the Stripe event id and type from the body', () => {
    expect(deliveryFacts('stripe', {}, json({ id: 'evt_1', type: 'charge.succeeded' }))).toEqual({
      deliveryId: 'evt_1',
      eventType: 'charge.succeeded',
    });
  });

  it('reads the Slack event_id and event.type', () => {
    const body = json({ type: 'event_callback', event_id: 'Ev01', event: { type: 'app_mention' } });

    expect(deliveryFacts('slack', { 'x-slack-signature': 'v0=ab' }, body)).toEqual({
      deliveryId: 'Ev01',
      eventType: 'app_mention',
    });
  });

  it('keys a Slack request without event_id on the SHA-256 of its signature, never the signature itself', () => {
    const signature = `v0=${'a'.repeat(64)}`;

    const facts = deliveryFacts('slack', { 'x-slack-signature': signature }, Buffer.from('command=/deploy&text=x'));

    expect(facts.deliveryId).toBe(`sig-sha256-${createHash('sha256').update(signature).digest('hex')}`);
    expect(facts.deliveryId).not.toContain(signature.slice(3));
    expect(facts.eventType).toBeNull();
  });

  it.each([
    ['GitHub without X-GitHub-Delivery', 'github', { 'x-github-event': 'push' }, json({})],
    ['Stripe without an event id', 'stripe', {}, json({ type: 'charge.succeeded' })],
    ['Stripe with a numeric id', 'stripe', {}, json({ id: 7 })],
    ['Stripe with a body that is not JSON', 'stripe', {}, Buffer.from('id=evt_1')],
    ['Standard Webhooks without webhook-id', 'standard-webhooks', {}, json({})],
    ['Slack without event_id or signature', 'slack', {}, json({})],
    ['an id with a space', 'github', { 'x-github-delivery': 'a b' }, json({})],
    ['an id longer than 256 characters', 'github', { 'x-github-delivery': 'a'.repeat(257) }, json({})],
  ] as const)('refuses %s as malformed', (_what, scheme, headers, body) => {
    expect(() => deliveryFacts(scheme, headers, body)).toThrow(DeliveryIdMissingError);
  });

  it('passes an event type that is not a plain name as null rather than refusing the event', () => {
    expect(deliveryFacts('stripe', {}, json({ id: 'evt_1', type: 'a b' })).eventType).toBeNull();
    expect(deliveryFacts('github', { 'x-github-delivery': 'd' }, json({})).eventType).toBeNull();
  });
});
