/**
 * The device's identity on the embedded stack: the provisioning sandbox serves the directory the directory adapter
 * writes (a boot is `GET /<mac>.cfg`), maps MACs to the provisioning server as the redirect service, and refuses
 * outdated SIP credentials as the registrar; it reports each boot to the product's device-online route.
 */
import { simpleParser } from 'mailparser';
import fs from 'node:fs';
import { openClaim } from '../../../client/claims';
import { findClaim } from '../../../data/claims';
import { tasksOfClaim } from '../../../data/tasks';
import type { ClaimRequest } from '../../../domain/types';
import { claimStateQuery, completeShipmentUpdate } from '../../../workflows/messages';
import { eventually, useSeededTestApp } from '../../support/app';
import { claimRequestFixture } from '../../support/fixtures';
import { bootYealink, hasYealinkFile, provisionBeforeTheClaim, redirectOf, register, servedFiles, yealinkValue } from './support';

jest.setTimeout(240_000);
const seeded = useSeededTestApp();

/** A claim for a seeded ACME-001 device (the in-warranty fixture with another MAC and extension). */
function requestFor(mac: string, extension: string): ClaimRequest {
  return { ...claimRequestFixture('in-warranty'), mac, extension };
}

async function timelineKeys(claimId: string): Promise<string[]> {
  return (await findClaim(seeded.current().database.db, claimId))?.timeline.map((entry) => entry.key) ?? [];
}

async function handOver(workflowId: string, replacementMac: string): Promise<void> {
  const { client } = seeded.current();
  const handle = client.workflow.getHandle(workflowId);
  await eventually(() => handle.query(claimStateQuery), (state) => state.status === 'awaiting-shipment', 60_000);
  await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac, completedBy: 'ship.lee' }] });
  expect((await handle.query(claimStateQuery)).status).toBe('shipped');
}

it('hand-over provisions the replacement and maps it at the redirect service; its first boot releases the defective MAC and rotates the credentials', async () => {
  const app = seeded.current();
  const OLD = '80:5E:C0:1A:00:01';
  const NEW = 'AC:44:F2:00:00:01';
  await provisionBeforeTheClaim(app, OLD, 'ACME-001', '1001');
  const oldPhone = await bootYealink(app, OLD);
  const oldPassword = yealinkValue(oldPhone.text, 'account.1.password')!;
  expect(await register(app, 'acme1001', oldPassword)).toEqual({ status: 200, credentialVersion: 1 });

  const opened = await openClaim(app.client, app.taskQueue, requestFor(OLD, '1001'));
  await handOver(opened.workflowId, NEW);
  await eventually(async () => hasYealinkFile(app, NEW) && (await redirectOf(app, NEW)).status === 200, (ready) => ready, 60_000);
  expect(await redirectOf(app, NEW)).toEqual({ status: 200, serverUrl: `${app.provisioning.sandbox.url}/` });
  expect((await bootYealink(app, OLD)).status).toBe(200); // nothing of the defective phone is touched before the replacement boots

  const firstBoot = await bootYealink(app, NEW);
  expect(firstBoot.status).toBe(200);
  expect([yealinkValue(firstBoot.text, 'account.1.user_name'), yealinkValue(firstBoot.text, 'account.1.label'), yealinkValue(firstBoot.text, 'account.1.display_name')])
    .toEqual(['acme1001', '1001', 'Dana Whitfield']);
  expect(yealinkValue(firstBoot.text, 'account.1.sip_server.1.address')).toBe('sip.spectrumvoip.example');
  expect(yealinkValue(firstBoot.text, 'linekey.2.type')).toBe('16');
  expect(yealinkValue(firstBoot.text, 'account.1.password')).toBe(oldPassword);

  await eventually(() => timelineKeys(opened.claimId), (keys) => keys.includes('defective-released'), 60_000);
  expect((await bootYealink(app, OLD)).status).toBe(404);
  expect((await redirectOf(app, OLD)).status).toBe(404);
  expect(await register(app, 'acme1001', oldPassword)).toEqual({ status: 403, credentialVersion: 2 }); // the defective phone can no longer register
  const afterRotation = await bootYealink(app, NEW);
  expect(afterRotation.text).toContain('## rf-credential-version: 2');
  const newPassword = yealinkValue(afterRotation.text, 'account.1.password')!;
  expect(newPassword).not.toBe(oldPassword);
  expect(await register(app, 'acme1001', newPassword)).toEqual({ status: 200, credentialVersion: 2 });
  expect(servedFiles(app)).toEqual(['ac44f2000001.cfg']);

  const claim = await findClaim(app.database.db, opened.claimId);
  expect(claim?.status).toBe('shipped'); // released at the first boot, before the parcel was even delivered
  expect(claim?.timeline.find((entry) => entry.key === 'defective-released')?.message).toMatch(/^Defective 80:5E:C0:1A:00:01 released \(the replacement fetched its configuration\): rotated to credential version 2/);
  expect(app.provisioning.sandbox.onlineReports().filter((report) => report.mac === 'ac44f2000001').map((report) => report.status)).toContain(200);
  expect(app.provisioning.sandbox.onlineReports().filter((report) => report.mac === '805ec01a0001').map((report) => report.status)).toEqual([202, 202]);
  await app.client.workflow.getHandle(opened.workflowId).terminate('test over');
});

it('ship-to away from the E911 address opens support\'s confirmation task before hand-over; an unreturned claim releases the defective MAC at close', async () => {
  const app = seeded.current();
  const OLD = '80:5E:C0:1A:00:02';
  const NEW = 'AC:44:F2:00:00:02';
  await provisionBeforeTheClaim(app, OLD, 'ACME-001', '1002');
  const opened = await openClaim(app.client, app.taskQueue, requestFor(OLD, '1002'), { policy: { dayLengthMs: 150 } });
  const handle = app.client.workflow.getHandle(opened.workflowId);
  const waiting = await eventually(() => handle.query(claimStateQuery), (state) => state.status === 'awaiting-shipment', 60_000);
  expect(waiting.openTasks.map((task) => task.kind).sort()).toEqual(['confirm-emergency-address', 'pick-pack-ship']);
  expect(waiting.openTasks.find((task) => task.kind === 'confirm-emergency-address')?.summary)
    .toMatch(/^Ext\. 1002's registered emergency \(E911\) address is 1401 Elm St, Suite 300, Dallas, TX 75202, US, but the replacement ships to 1401 Elm St, Dallas, TX 75202/);

  await handOver(opened.workflowId, NEW);
  await eventually(async () => hasYealinkFile(app, NEW), (ready) => ready, 60_000);
  await app.sandbox.playTracking(waiting.legs.outbound.label!.trackingNumber, ['DELIVERED']);
  const final = await handle.result();
  expect(final.status).toBe('closed-unreturned');
  await eventually(() => timelineKeys(opened.claimId), (keys) => keys.includes('defective-released'), 60_000);

  const claim = await findClaim(app.database.db, opened.claimId);
  expect(claim?.timeline.find((entry) => entry.key === 'defective-released')?.message).toMatch(/\(the claim closed without the replacement reporting in\)/);
  expect((await tasksOfClaim(app.database.db, opened.claimId)).find((task) => task.kind === 'confirm-emergency-address'))
    .toMatchObject({ status: 'done', outcome: 'handed-over-unconfirmed' });
  expect((await bootYealink(app, OLD)).status).toBe(404);
  expect((await redirectOf(app, OLD)).status).toBe(404);
  expect((await bootYealink(app, NEW)).text).toContain('## rf-credential-version: 2');
  const mails = await Promise.all((await app.sink.messages()).map(async (m) => simpleParser(fs.readFileSync(m.file))));
  const shipped = mails.find((mail) => mail.headers.get('x-email-kind') === 'replacement-shipped' && (mail.text ?? '').includes(opened.claimId));
  expect(shipped?.text?.replace(/\s+/g, ' ')).toContain('Emergency (911) calls from this phone send responders to 1401 Elm St, Suite 300, Dallas, TX 75202, US. If the phone will be used anywhere else, tell support');
});

it('a provisioning outage: support gets a task with the reason, the shipment is unaffected, and provisioning resumes when the sandbox is back', async () => {
  const app = seeded.current();
  const OLD = '80:5E:C0:1A:00:03';
  const NEW = 'AC:44:F2:00:00:03';
  const opened = await openClaim(app.client, app.taskQueue, requestFor(OLD, '1003'), { policy: { provisioningRetryEvery: 2_000 } });
  const handle = app.client.workflow.getHandle(opened.workflowId);
  await eventually(() => handle.query(claimStateQuery), (state) => state.status === 'awaiting-shipment', 60_000);
  app.provisioning.sandbox.setFaults({ outage: true });
  try {
    await handOver(opened.workflowId, NEW);
    const task = await eventually(
      async () => (await tasksOfClaim(app.database.db, opened.claimId)).find((t) => t.kind === 'provisioning-problem'),
      (found) => found?.status === 'open', 90_000,
    );
    expect(task?.summary).toMatch(/^Could not provision ext\. 1003 on the replacement AC:44:F2:00:00:03: registering AC:44:F2:00:00:03 with the redirect service failed: HTTP 503/);
    const during = await findClaim(app.database.db, opened.claimId);
    expect(during?.status).toBe('shipped');
    expect(during?.timeline.map((entry) => entry.key)).toContain('provision-failed-1');
    const mails = await Promise.all((await app.sink.messages()).map(async (m) => simpleParser(fs.readFileSync(m.file))));
    expect(mails.some((mail) => mail.headers.get('x-email-kind') === 'replacement-shipped' && (mail.text ?? '').includes(opened.claimId))).toBe(true);
  } finally {
    app.provisioning.sandbox.setFaults({});
  }
  const resolved = await eventually(
    async () => (await tasksOfClaim(app.database.db, opened.claimId)).find((t) => t.kind === 'provisioning-problem'),
    (found) => found?.status === 'done', 90_000,
  );
  expect(resolved?.outcome).toBe('resolved');
  expect(await timelineKeys(opened.claimId)).toContain('replacement-provisioned');
  expect(await redirectOf(app, NEW)).toEqual({ status: 200, serverUrl: `${app.provisioning.sandbox.url}/` });
  expect(hasYealinkFile(app, NEW)).toBe(true);
  await handle.terminate('test over');
});
