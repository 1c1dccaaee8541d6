// The health gates on approval, end to end: the real bot, the fake Slack, and a real Prometheus
// scraping an exporter the test controls. Each poll runs the minute tick a minute later on the
// bot's clock, so the evaluation interval lets it through; Prometheus itself runs on real time.
import { describe, expect, it } from 'vitest';
import { all, binary, consumed, HealthGateWorld, some, steady, templates } from '../support/health-gate-world.ts';
import { CAROL, DAVE, requests, serviceRow } from '../support/lifecycle-fixture.ts';
import { INSTALL_HINT } from '../support/prometheus.ts';

describe.skipIf(binary === null)(
  `health gates on approval, against a real Prometheus (to run: ${INSTALL_HINT})`,
  () => {
    const w = HealthGateWorld.use(['checkout', 'ledger', 'search']);

    it('red while awaiting approval: Approve is refused with the reason; an override with a reason counts once and shows', async () => {
      await w.migrationWith('checkout', [templates.rate, templates.errorRatio], { 'approvals-default': 2 });
      await w.evaluateUntil('checkout', all('green'));
      const request = await w.requestCutover('checkout');
      w.exporter.set('checkout', 'k8s', { ...steady, errorRatio: 0.2 });
      await w.evaluateUntil('checkout', some('error-ratio', 'red'));
      await w.h.bot.idle();
      const shown = w.requestMessage(request.messageTs ?? '');
      expect(shown).toMatch(/:red_circle: \*error ratio\* red: \d+(\.\d+)?% ≥ 1%/);
      expect(shown).toContain(':large_green_circle: *request rate* green');
      expect(shown).toContain('"action_id":"approve_override"');

      const refused = await w.approve(request.id, DAVE);
      expect(refused).toContain('Not yet: the health checks do not all pass.');
      expect(refused).toMatch(/error ratio: red — \d+(\.\d+)?% ≥ 1%/);
      expect(w.audit('approval.approve')).toEqual([]);

      await w.h.click({ actionId: 'approve_override', value: String(request.id), userId: DAVE });
      const modal = await w.h.fake.waitForCall('views.open');
      const view = modal.args.view as { callback_id: string; private_metadata: string };
      expect(JSON.stringify(modal.args.view)).toContain('error ratio: red');
      const values = (value: string) => ({ reject_reason: { reason_input: { type: 'plain_text_input', value } } });
      const empty = await w.h.submitView({
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        values: values(''),
        userId: DAVE,
      });
      expect(empty.body).toContain('Say why');
      await w.h.submitView({
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        values: values('5xx are from a <!channel> *known* retry storm'),
        userId: DAVE,
      });
      // The modal has closed, so the answer comes by direct message.
      await w.h.fake.waitForCall(
        'chat.postMessage',
        (c) => c.args.channel === DAVE && String(c.args.text).includes('despite the failing checks'),
      );
      await w.h.bot.idle();
      const [row] = w.audit('approval.approve');
      expect(row).toMatchObject({ actor: DAVE, reason: '5xx are from a <!channel> *known* retry storm' });
      expect(row?.detail).toMatchObject({ requestId: request.id, healthOverride: true });
      expect(requests(w.h)[0]?.status).toBe('pending');
      const overridden = w.requestMessage(request.messageTs ?? '');
      // The reason is shown escaped: no broadcast, no bold.
      expect(overridden).toContain(
        `<@${DAVE}> *approved despite failing health checks*: 5xx are from a &lt;!channel&gt;`,
      );
      expect(overridden).not.toContain('<!channel>');
      expect((await w.h.ask('log')).replace(/\u200B/g, '')).toContain('despite failing health checks');

      // The override was Dave's one approval: Carol still needs the checks to pass, or her own reason.
      expect(await w.approve(request.id, CAROL)).toContain('Not yet');
      w.exporter.set('checkout', 'k8s', steady);
      await w.evaluateUntil('checkout', all('green'));
      expect(await w.approve(request.id, CAROL)).toContain('completed the request');
      expect(serviceRow(w.h, 'checkout').state).toBe('cutover');
    }, 90_000);

    it('a relative threshold and a parity check on the approval message', async () => {
      await w.migrationWith('ledger', [templates.p99, consumed]);
      await w.evaluateUntil('ledger', all('green'));
      const request = await w.requestCutover('ledger');
      await w.h.bot.idle();
      const green = w.requestMessage(request.messageTs ?? '');
      expect(green).toMatch(/p99 latency\* green: 199 ms vs 199 ms on old \(within \+10%\)/);
      expect(green).toContain('<https://grafana.example/d/consumers?var-service=ledger|dashboard>');
      w.exporter.set('ledger', 'k8s', { ...steady, latency: 0.25, consumed: 50 });
      await w.evaluateUntil('ledger', all('red'));
      await w.h.bot.idle();
      const red = w.requestMessage(request.messageTs ?? '');
      expect(red).toMatch(/p99 latency\* red: 2\d\d ms vs 199 ms on old \(more than \+10%\)/);
      expect(red).toMatch(/messages consumed\* red: [\d.]+\/s vs [\d.]+\/s \(outside ±10%\)/);
      expect(await w.approve(request.id, DAVE)).toContain('p99 latency: red');
      w.exporter.set('ledger', 'k8s', steady);
    }, 90_000);

    // Last: it stops the server the others use.
    it('a stopped server makes every check amber and keeps the gate closed', async () => {
      await w.migrationWith('search', [templates.rate, templates.errorRatio]);
      await w.evaluateUntil('search', all('green'));
      const request = await w.requestCutover('search');
      await w.prom.stop();
      const results = await w.evaluateUntil('search', all('amber'));
      expect(results.map((r) => r.verdict.unknown)).toEqual(['unreachable', 'unreachable']);
      await w.h.bot.idle();
      expect(w.requestMessage(request.messageTs ?? '')).toContain(':large_orange_circle: *request rate* unknown');
      const refused = await w.approve(request.id, DAVE);
      expect(refused).toContain('request rate: unknown — new platform: connection refused');
      expect(requests(w.h)[0]?.status).toBe('pending');
      expect(w.requestMessage(request.messageTs ?? '')).toContain('Approve despite unknown checks…');
    }, 90_000);
  },
);
