/**
 * The device's identity (claims under the `device-identity` patch): before hand-over, the ship-to is checked against
 * the extension's registered E911 address; after hand-over the extension moves to the replacement's MAC, beside the
 * return wait: the replacement is provisioned at once, the defective MAC released (SIP credentials rotated) when
 * the replacement first fetches its configuration, or at the latest when the return is received or the claim
 * closes. A failed step never holds up the claim: support gets a task with the reason, and the step is tried again
 * (waits doubling from `provisioningRetryEvery` up to a policy day) until it works; once the claim has closed, a
 * step the provider refuses for good is given up and escalated.
 */
import { slaDueAt } from '../domain/deadlines';
import { nextIdentityStep, releaseReason, retryDelayMs, type IdentityProgress } from '../domain/device-identity';
import { formatEmergencyAddress, sameDispatchableLocation } from '../domain/emergency-address';
import { durationMs, formatDuration } from '../domain/policy';
import { isTerminalStatus } from '../domain/status';
import type { IdentityMoveInput } from '../activities/contract';
import { database, provisioning } from './activity-presets';
import { errorMessage, typedFailure, type ClaimRun } from './claim-context';
import { refusalReason } from './fulfilment';

const EMERGENCY_TASK = 'confirm-emergency-address';
const PROVISIONING_TASK = 'provisioning-problem';

/** Reads the extension's E911 address; when the ship-to is elsewhere, opens support's confirmation task (due with the shipping task). */
export async function checkEmergencyAddress(run: ClaimRun, dueAt: number): Promise<void> {
  const { accountId, extension } = run.state.request;
  try {
    const registered = await database.lookupEmergencyAddress({ accountId, extension });
    if (!registered) return;
    run.emergencyAddress = registered;
    if (sameDispatchableLocation(registered, run.state.shipTo)) return;
    const { street1, city, state, postalCode } = run.state.shipTo;
    const registeredAt = formatEmergencyAddress(registered);
    await run.openTask(EMERGENCY_TASK, dueAt, `Ext. ${extension}'s registered emergency (E911) address is ${registeredAt}, but the replacement ships to `
      + `${street1}, ${city}, ${state} ${postalCode}: confirm with the customer where the phone will be used (update the E911 address if it moves) before it is handed over`);
    await run.record('emergency-address-differs', `The ship-to is not ext. ${extension}'s registered emergency address (${registeredAt}); support confirms the dispatchable location before hand-over`);
  } catch (err) {
    if (!typedFailure(err)) throw err;
    await run.record('emergency-address-unreadable', `Could not read ext. ${extension}'s emergency address: ${errorMessage(err)}`);
  }
}

/** At hand-over: an E911 confirmation still open is closed (the shipped email asks the customer instead). */
export async function closeEmergencyCheckAtHandOver(run: ClaimRun): Promise<void> {
  if (!run.state.openTasks.some((task) => task.kind === EMERGENCY_TASK)) return;
  await run.closeTask(EMERGENCY_TASK, 'handed-over-unconfirmed');
  await run.record('emergency-address-unconfirmed', 'Handed over before the dispatchable location was confirmed; the shipped email asks the customer to tell support where the phone will be used');
}

function progressOf(run: ClaimRun): IdentityProgress {
  const { state } = run;
  return {
    originalMac: state.request.mac, ...(state.replacementMac ? { replacementMac: state.replacementMac } : {}),
    assigned: run.identity.assigned, released: run.identity.released, replacementOnline: run.inbox.replacementOnlineAt !== undefined,
    returnReceived: state.returnReceipt !== undefined, claimEnded: isTerminalStatus(state.status),
  };
}

function moveInputOf(run: ClaimRun): IdentityMoveInput {
  const { claimId, request, replacementMac, unit, model } = run.state;
  return { claimId, accountId: request.accountId, extension: request.extension, originalMac: request.mac, replacementMac: replacementMac!, model: unit?.model ?? model! };
}

/** Runs the identity move to its end (see the module comment); call after the hand-over is recorded. */
export async function moveDeviceIdentity(run: ClaimRun): Promise<void> {
  await runIdentitySteps(run);
  await run.flush(); // the main flow may be waiting for days: project the last step now
}

/** The steps of the move, until none is left or the move is given up. */
async function runIdentitySteps(run: ClaimRun): Promise<void> {
  const { extension, mac: originalMac } = run.state.request;
  let failures = 0;
  for (;;) {
    const progress = progressOf(run);
    const step = nextIdentityStep(progress);
    if (step === 'done') return;
    if (step === 'wait') {
      await run.until(() => nextIdentityStep(progressOf(run)) !== 'wait');
      continue;
    }
    const replacementMac = progress.replacementMac!;
    const what = step === 'assign' ? `provision ext. ${extension} on the replacement ${replacementMac}` : `release the defective ${originalMac} of ext. ${extension}`;
    const ended = progress.claimEnded;
    try {
      await run.flush();
      const result = await (step === 'assign' ? provisioning.provisionReplacement : provisioning.releaseDefective)(moveInputOf(run));
      if (!result.configured) {
        await run.record('provisioning-not-configured', `No provisioning is configured (PROVISIONING_MODE=off): move ext. ${extension} from ${originalMac} to ${replacementMac} by hand`);
        return;
      }
      if (step === 'assign') {
        run.identity.assigned = true;
        await run.record('replacement-provisioned', `Ext. ${extension} provisioned on the replacement ${replacementMac}: ${result.report.join('; ')}`);
      } else {
        run.identity.released = true;
        await run.record('defective-released', `Defective ${originalMac} released (${releaseReason(progress)}): ${result.report.join('; ')}`);
      }
      if (failures > 0) await run.closeTask(PROVISIONING_TASK, 'resolved');
      failures = 0;
    } catch (err) {
      failures += 1;
      const reason = refusalReason(err);
      if (typedFailure(err) && ended) {
        await run.closeTask(PROVISIONING_TASK, 'unresolved');
        await run.record('identity-not-moved', `Could not ${what}: ${reason}. The claim is closed and stops trying: support to do it by hand`, { flags: { escalated: true } });
        return;
      }
      const retryIn = retryDelayMs(failures, durationMs(run.policy.provisioningRetryEvery, run.policy), run.policy.dayLengthMs);
      await run.openTask(PROVISIONING_TASK, slaDueAt(Date.now(), run.policy.provisioningTaskSla, run.policy),
        `Could not ${what}: ${reason}. Fix the cause (or do it by hand); the claim tries again in ${formatDuration(retryIn)} and closes this task once it works.`);
      await run.record(`${step === 'assign' ? 'provision' : 'release'}-failed-${failures}`, `Could not ${what}: ${reason}; support task opened, trying again in ${formatDuration(retryIn)}`);
      await run.until(() => isTerminalStatus(run.state.status) !== ended, retryIn);
    }
  }
}
