/**
 * One whole claim on the embedded stack's real parts: Temporal dev server, FerretDB, the real `shippo` SDK against
 * the Shippo sandbox (labels and tracking webhooks), a real SMTP server, the real activities. From trigger to close,
 * plus the conflict policy: re-triggering an open claim returns it; after close a new claim may start.
 */
import { simpleParser } from 'mailparser';
import fs from 'node:fs';
import { openClaim } from '../../../client/claims';
import { collection } from '../../../data/collections';
import { findClaim } from '../../../data/claims';
import { DEFAULT_CLAIM_POLICY, durationMs } from '../../../domain/policy';
import { DEFAULT_BRANDING, trackingPageUrl } from '../../../notifications/branding';
import { formatMoment } from '../../../notifications/templates/format';
import { claimStateQuery, completeShipmentUpdate, recordReturnReceiptUpdate } from '../../../workflows/messages';
import { eventually, useSeededTestApp } from '../../support/app';
import { claimRequestFixture } from '../../support/fixtures';

const request = claimRequestFixture('in-warranty');

const seeded = useSeededTestApp();

it('carries a warranty claim from trigger to close with one label per leg and one email of each kind', async () => {
  const { client, taskQueue, sandbox, sink, database } = seeded.current();
  const opened = await openClaim(client, taskQueue, request);
  expect(opened.created).toBe(true);

  const again = await openClaim(client, taskQueue, request);
  expect(again).toMatchObject({ created: false, claimId: opened.claimId });

  const handle = client.workflow.getHandle(opened.workflowId);
  const ready = await eventually(() => handle.query(claimStateQuery), (s) => s.status === 'awaiting-shipment');
  expect(ready.status).toBe('awaiting-shipment');
  expect(ready.decision).toMatchObject({ outcome: 'approved', rule: 'manufacturer-warranty' });
  expect(ready.unit).toMatchObject({ model: 'yealink-t54w', sameModel: true });
  const outbound = ready.legs.outbound.label!;
  const returnLabel = ready.legs.return.label!;
  expect(returnLabel.carrier).toBe(outbound.carrier);
  expect(sandbox.labels()).toHaveLength(2);

  await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: '00-15-65-AB-CD-99', serial: '805EC0F10001', completedBy: 'ship.lee' }] });
  await sandbox.playTracking(outbound.trackingNumber, ['TRANSIT', 'DELIVERED']);
  const delivered = await eventually(() => handle.query(claimStateQuery), (s) => s.status === 'delivered');
  expect(delivered.nextDeadline?.kind).toBe('return-window');
  await sandbox.playTracking(returnLabel.trackingNumber, ['TRANSIT']);
  await eventually(() => handle.query(claimStateQuery), (s) => s.status === 'return-in-transit');
  await handle.executeUpdate(recordReturnReceiptUpdate, { args: [{ receivedMac: request.mac, condition: 'defect confirmed', receivedBy: 'ship.lee' }] });
  const final = await handle.result();

  expect(final.status).toBe('closed');
  const stored = await findClaim(database.db, opened.claimId);
  expect(stored).toMatchObject({ status: 'closed', replacementMac: '00:15:65:AB:CD:99' });
  expect(sandbox.labels()).toHaveLength(2);
  const replacement = await collection(database.db, 'devices').findOne({ mac: '00:15:65:AB:CD:99' });
  expect(replacement).toMatchObject({ replacesMac: request.mac, model: 'yealink-t54w', channel: 'installation' });

  const mails = await Promise.all((await sink.messages()).map(async (m) => simpleParser(fs.readFileSync(m.file))));
  const subjects = mails.map((m) => m.subject ?? '');
  expect(subjects).toHaveLength(4);
  expect(new Set(mails.map((m) => m.messageId)).size).toBe(4);
  const shipped = mails.find((m) => (m.text ?? '').includes(outbound.trackingNumber));
  expect(shipped?.to).toMatchObject({ value: [{ address: request.contact.email }] });

  // Shipped: the window's length from the claim's policy, no date (the window starts at delivery). Delivered: the date.
  const reader = { locale: request.contact.locale!, timeZone: request.contact.timeZone! };
  const deadline = formatMoment(delivered.nextDeadline!.at, reader);
  expect(deadline).toMatch(/ at \d{1,2}:\d\d [AP]M C[SD]T$/);
  expect(shipped?.text).toContain(`please send the defective device back within ${durationMs(DEFAULT_CLAIM_POLICY.returnWindow, DEFAULT_CLAIM_POLICY) / DEFAULT_CLAIM_POLICY.dayLengthMs} days of delivery.`);
  expect(shipped?.text).not.toMatch(/ by \w+day, |days after delivery/);
  const deliveredMail = mails.find((m) => m.headers.get('x-email-kind') === 'replacement-delivered');
  expect(deliveredMail?.text).toContain(`Please send the defective device back by ${deadline}.`);
  expect(deliveredMail?.text).toContain(`Return due by: ${deadline}`);
  const trackingPage = trackingPageUrl(DEFAULT_BRANDING.publicBaseUrl, stored!.trackingToken);
  for (const mail of mails) expect(mail.text).toContain(`Follow your claim online:\n${trackingPage}\n`);

  const byAttributes = await eventually(
    async () => {
      const found: string[] = [];
      const query = `DeviceMac = '${request.mac}' AND Extension = '${request.extension}' AND ClaimStatus = 'closed'`;
      for await (const execution of client.workflow.list({ query })) found.push(execution.workflowId);
      return found;
    },
    (found) => found.length === 1,
  );
  expect(byAttributes).toEqual([opened.workflowId]);

  const next = await openClaim(client, taskQueue, request);
  expect(next.created).toBe(true);
  expect(next.claimId).not.toBe(opened.claimId);
  await client.workflow.getHandle(next.workflowId).terminate('test over');
});
