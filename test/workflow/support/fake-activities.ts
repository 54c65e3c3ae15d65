/**
 * In-memory fake of `ClaimActivities` for the workflow's time-skipping tests: records every call and keeps the
 * same idempotency promises as the real adapters (upsert by key, exactly once per claim+leg / claim+kind+sequence).
 * Email data is checked against the notifications templates' schemas, so the workflow keeps that contract.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ClaimActivities, ClaimChange, ClaimUpdate, SendEmailInput } from '../../../activities/contract';
import { FailureTypes } from '../../../domain/failures';
import { emailDataSchemas } from '../../../notifications/templates/schemas';
import type { DeviceRecord, EmailKind, LabelRecord, LegKind, ReservedUnit, TaskKind, TimelineEntry } from '../../../domain/types';
import type { EmergencyAddress } from '../../../domain/emergency-address';
import type { DeviceLookup } from '../../../domain/claim-view';

/** What a record listed in `corruptDevices` fails validation with. */
const CORRUPT_RECORD_PROBLEM = 'devices: purchasedOn: Invalid date';

/** One recorded activity call. */
export interface RecordedCall {
  name: keyof ClaimActivities;
  input: unknown;
}

/** How the fake world behaves. */
export interface FakeWorldOptions {
  devices?: DeviceRecord[];
  /** Grade-A units in stock per model (default: 5 of every model). */
  stock?: Record<string, number>;
  /** Street lines the carrier rejects as undeliverable (InvalidAddress). */
  undeliverableStreets?: string[];
  /** Email kinds the SMTP server refuses permanently. */
  rejectedEmails?: EmailKind[];
  /** Email kinds whose SMTP answer was lost (the activity reports `unconfirmed`). */
  unconfirmedEmails?: EmailKind[];
  /** MACs whose registry record fails validation (lookupDevice throws InvalidData). */
  corruptDevices?: string[];
  /** The carrier API is down: every label purchase fails with a transient (retried) error. */
  carrierDown?: boolean;
  /** Typed refusals the carrier gives on the first label purchases, in order (e.g. NoRates). */
  labelRefusals?: string[];
  /** The plain-words reason (`RefusalDetails`) each refusal carries, in the same order (none: message only). */
  labelRefusalReasons?: string[];
  /** voidLabel always throws (to show a failed compensation is recorded). */
  voidFails?: boolean;
  /** Registered emergency (E911) addresses by extension. */
  emergencyAddresses?: Record<string, EmergencyAddress>;
  /** The first N provisioning calls (either phase) fail with a transient error (a provisioning outage). */
  provisioningOutageCalls?: number;
  /** Every provisionReplacement call is refused for good (InvalidData) with this reason. */
  provisioningRefusal?: string;
  /** No provisioning is configured (PROVISIONING_MODE=off). */
  provisioningOff?: boolean;
  /** recordClaimOpened waits for this before it answers (a read model slow to be created). */
  openingHeldUntil?: Promise<void>;
}

/** The fake outside world: registry, stock, carrier, tasks, read model and mailbox, all in memory. */
export class FakeClaimWorld {
  readonly calls: RecordedCall[] = [];
  /** Read-model writes, one per timeline entry, with the fields written with it (`projectClaim` changes are split per entry). */
  readonly updates: ClaimUpdate[] = [];
  /** Tasks opened and closed on the read model, in order (by `openTask`/`closeTask` or in projected changes). */
  readonly taskEvents: Array<{ opened?: { kind: TaskKind; summary: string; slaDueAt: string; round?: number }; closed?: { kind: TaskKind; outcome: string } }> = [];
  readonly emails: SendEmailInput[] = [];
  readonly openTasks = new Map<TaskKind, string>();
  readonly labels = new Map<LegKind, LabelRecord>();
  readonly voided = new Set<LegKind>();
  readonly registered: { replacementMac: string; originalMac: string; serial?: string }[] = [];
  /** Email data that does not fit the notifications templates' schemas (must stay empty). */
  readonly emailDataProblems: string[] = [];
  /** Identity moves done, in order: `assign <mac>` and `release <mac>`. */
  readonly identityMoves: string[] = [];
  reserved?: ReservedUnit;
  released = false;
  /** The most read-model updates that were in flight at once (the claim document must be written one update at a time). */
  maxConcurrentUpdates = 0;
  private updatesInFlight = 0;
  private readonly stock: Record<string, number>;
  private readonly emailKeys = new Set<string>();
  private readonly labelRefusals: string[];
  private readonly labelRefusalReasons: string[];
  private provisioningOutageCalls: number;

  constructor(private readonly options: FakeWorldOptions = {}) {
    this.stock = { ...(options.stock ?? {}) };
    this.labelRefusals = [...(options.labelRefusals ?? [])];
    this.labelRefusalReasons = [...(options.labelRefusalReasons ?? [])];
    this.provisioningOutageCalls = options.provisioningOutageCalls ?? 0;
  }

  /** Ends a provisioning outage: the next calls succeed. */
  endProvisioningOutage(): void {
    this.provisioningOutageCalls = 0;
  }

  /** Throws a transient error while the provisioning outage lasts. */
  private failDuringOutage(message: string): void {
    if (this.provisioningOutageCalls <= 0) return;
    this.provisioningOutageCalls -= 1;
    throw new Error(message);
  }

  /** Adds units of a model (a restock). */
  restock(model: string, units: number): void {
    this.stock[model] = (this.stock[model] ?? 0) + units;
  }

  /** Names of the calls in order, optionally only of one activity. */
  callNames(): string[] {
    return this.calls.map((call) => call.name);
  }

  /** Inputs of every call of one activity. */
  inputsOf<K extends keyof ClaimActivities>(name: K): Parameters<ClaimActivities[K]>[0][] {
    return this.calls.filter((call) => call.name === name).map((call) => call.input as Parameters<ClaimActivities[K]>[0]);
  }

  /** `kind#sequence` of every email sent, in order. */
  emailKinds(): string[] {
    return this.emails.map((email) => `${email.kind}#${email.sequence}`);
  }

  /** Timeline keys written to the read model, in order. */
  timelineKeys(): string[] {
    return this.updates.map((update) => update.entry.key);
  }

  /** The read-model write of one timeline entry, with the fields written with it. */
  update(key: string): ClaimUpdate | undefined {
    return this.updates.find((update) => update.entry.key === key);
  }

  /** Tasks opened on the read model (kind, summary, SLA), in order. */
  tasksOpened(): Array<{ kind: TaskKind; summary: string; slaDueAt: string; round?: number }> {
    return this.taskEvents.flatMap((event) => (event.opened ? [event.opened] : []));
  }

  /** Tasks closed on the read model (kind, outcome), in order. */
  tasksClosed(): Array<{ kind: TaskKind; outcome: string }> {
    return this.taskEvents.flatMap((event) => (event.closed ? [event.closed] : []));
  }

  /** Records a projected change: its tasks, and its timeline entries each as one write carrying the change's fields. */
  private project(change: ClaimChange): void {
    for (const opened of change.tasksOpened ?? []) {
      this.taskEvents.push({ opened: { kind: opened.kind, summary: opened.summary, slaDueAt: opened.slaDueAt, round: opened.round } });
      this.openTasks.set(opened.kind, opened.summary);
    }
    for (const closed of change.tasksClosed ?? []) {
      this.taskEvents.push({ closed: { kind: closed.kind, outcome: closed.outcome } });
      this.openTasks.delete(closed.kind);
    }
    const { claimId, timeline, labels, tasksOpened: _opened, tasksClosed: _closed, model: _model, handedOverAt: _handedOverAt, fileOpened: _fileOpened, ...fields } = change;
    for (const entry of timeline ?? []) {
      if (this.updates.some((u) => u.entry.key === entry.key)) continue;
      const label = Object.values(labels ?? {})[0];
      // Each entry's own status; the change's other fields are shown with every entry of the change.
      const { status: _status, ...rest } = fields;
      this.updates.push({ claimId, entry: entry as TimelineEntry, ...rest, ...(entry.status ? { status: entry.status } : {}), ...(label ? { label } : {}) });
    }
  }

  /** The registry's answer as the API passes it in the claim's input (`deviceLookupOf`): the same as `lookupDevice`'s. */
  deviceLookupFor(mac: string): DeviceLookup {
    if (this.options.corruptDevices?.includes(mac)) return { device: null, registryProblem: CORRUPT_RECORD_PROBLEM };
    return { device: this.options.devices?.find((d) => d.mac === mac) ?? null };
  }

  /** The activities to register on the test worker. */
  activities(): ClaimActivities {
    const record = (name: keyof ClaimActivities, input: unknown) => this.calls.push({ name, input: structuredClone(input) });
    const opts = this.options;
    return {
      recordClaimOpened: async (input) => {
        record('recordClaimOpened', input);
        await opts.openingHeldUntil;
        if (input.change) this.project({ claimId: input.claimId, ...input.change }); // opened already decided
        return { trackingToken: input.trackingToken ?? `tok-${input.claimId}` };
      },
      lookupDevice: async (input) => {
        record('lookupDevice', input);
        if (opts.corruptDevices?.includes(input.mac)) throw ApplicationFailure.nonRetryable(CORRUPT_RECORD_PROBLEM, FailureTypes.InvalidData);
        return opts.devices?.find((d) => d.mac === input.mac) ?? null;
      },
      updateClaim: async (input) => {
        record('updateClaim', input);
        this.maxConcurrentUpdates = Math.max(this.maxConcurrentUpdates, ++this.updatesInFlight);
        await new Promise((resolve) => setTimeout(resolve, 5)); // a write takes time: overlapping writes would show
        this.updatesInFlight -= 1;
        if (!this.updates.some((u) => u.entry.key === input.entry.key)) this.updates.push(input);
      },
      projectClaim: async (input) => {
        record('projectClaim', input);
        this.maxConcurrentUpdates = Math.max(this.maxConcurrentUpdates, ++this.updatesInFlight);
        await new Promise((resolve) => setTimeout(resolve, 5)); // a write takes time: overlapping writes would show
        this.updatesInFlight -= 1;
        this.project(input);
      },
      markUnitShipped: async (input) => {
        record('markUnitShipped', input);
      },
      reserveUnit: async (input) => {
        record('reserveUnit', input);
        if (this.reserved) return this.reserved;
        const available = this.stock[input.model] ?? (opts.stock ? 0 : 5);
        if (available <= 0) return null;
        this.stock[input.model] = available - 1;
        this.reserved = { unitId: `unit-${input.model}-1`, model: input.model, sameModel: true };
        return this.reserved;
      },
      releaseUnit: async (input) => {
        record('releaseUnit', input);
        this.released = true;
      },
      registerReplacement: async (input) => {
        record('registerReplacement', input);
        this.registered.push(input);
      },
      openTask: async (input) => {
        record('openTask', input);
        this.openTasks.set(input.kind, input.summary);
        this.taskEvents.push({ opened: { kind: input.kind, summary: input.summary, slaDueAt: input.slaDueAt } });
        return { taskId: `task-${input.kind}` };
      },
      closeTask: async (input) => {
        record('closeTask', input);
        this.openTasks.delete(input.kind);
        this.taskEvents.push({ closed: { kind: input.kind, outcome: input.outcome } });
      },
      // The pair buys each leg as buyLabel does (its legs are recorded as buyLabel inputs too); a refused return is left out.
      buyLabelPair: async (input) => {
        record('buyLabelPair', input);
        const buy = this.activities().buyLabel;
        const outbound = await buy({ claimId: input.claimId, leg: 'outbound', shipTo: input.shipTo });
        try {
          return { outbound, return: await buy({ claimId: input.claimId, leg: 'return', shipTo: input.shipTo, carrier: outbound.carrier }) };
        } catch (error) {
          if (error instanceof ApplicationFailure && error.nonRetryable) return { outbound };
          throw error;
        }
      },
      buyLabel: async (input) => {
        record('buyLabel', input);
        if (opts.undeliverableStreets?.includes(input.shipTo.street1)) {
          throw ApplicationFailure.nonRetryable(`street1: "${input.shipTo.street1}" is not a deliverable address`, FailureTypes.InvalidAddress);
        }
        if (opts.carrierDown) throw new Error('carrier API unavailable (503)');
        const refusal = this.labelRefusals.shift();
        const reason = this.labelRefusalReasons.shift();
        if (refusal) {
          throw ApplicationFailure.create({ message: `carrier refused the purchase (${refusal})`, type: refusal, nonRetryable: true, ...(reason ? { details: [{ reason }] } : {}) });
        }
        const existing = this.labels.get(input.leg);
        if (existing) return existing;
        const label: LabelRecord = {
          leg: input.leg, transactionId: `tx-${input.leg}`, rateId: `rate-${input.leg}`, carrier: input.carrier ?? 'usps',
          serviceLevel: 'usps_priority', trackingNumber: `TRK-${input.leg.toUpperCase()}`,
          trackingUrl: `https://track.example/${input.leg}`, labelUrl: `https://labels.example/${input.leg}.pdf`,
        };
        this.labels.set(input.leg, label);
        return label;
      },
      voidLabel: async (input) => {
        record('voidLabel', input);
        if (opts.voidFails) throw ApplicationFailure.nonRetryable('carrier refused the refund', FailureTypes.CarrierRejected);
        if (!this.labels.has(input.leg) || this.voided.has(input.leg)) return { voided: false };
        this.voided.add(input.leg);
        return { voided: true };
      },
      lookupEmergencyAddress: async (input) => (record('lookupEmergencyAddress', input), opts.emergencyAddresses?.[input.extension] ?? null),
      provisionReplacement: async (input) => {
        record('provisionReplacement', input);
        if (opts.provisioningOff) return { configured: false, report: [] };
        this.failDuringOutage('the redirect service answered 503');
        if (opts.provisioningRefusal) {
          throw ApplicationFailure.create({ message: opts.provisioningRefusal, type: FailureTypes.InvalidData, nonRetryable: true, details: [{ reason: opts.provisioningRefusal }] });
        }
        if (!this.identityMoves.includes(`assign ${input.replacementMac}`)) this.identityMoves.push(`assign ${input.replacementMac}`);
        return { configured: true, report: [`${input.replacementMac} configured`] };
      },
      releaseDefective: async (input) => {
        record('releaseDefective', input);
        if (opts.provisioningOff) return { configured: false, report: [] };
        this.failDuringOutage('the provisioning directory is not reachable');
        if (!this.identityMoves.includes(`release ${input.originalMac}`)) this.identityMoves.push(`release ${input.originalMac}`);
        return { configured: true, report: [`${input.originalMac} released`, 'credentials rotated'] };
      },
      sendCustomerEmail: async (input) => {
        record('sendCustomerEmail', input);
        const parsed = emailDataSchemas[input.kind].safeParse(input.data);
        if (!parsed.success) {
          const problems = parsed.error.issues.map((issue) => `${input.kind} data.${issue.path.join('.')}: ${issue.message}`);
          this.emailDataProblems.push(...problems);
          throw ApplicationFailure.nonRetryable(problems.join('; '), FailureTypes.InvalidData);
        }
        if (opts.rejectedEmails?.includes(input.kind)) return { status: 'rejected', reason: '550 mailbox unavailable' };
        if (opts.unconfirmedEmails?.includes(input.kind)) return { status: 'unconfirmed', messageId: `<${input.kind}@test>`, reason: 'connection lost' };
        const key = `${input.kind}#${input.sequence}`;
        if (this.emailKeys.has(key)) return { status: 'already-sent' };
        this.emailKeys.add(key);
        this.emails.push(input);
        return { status: 'sent', messageId: `<${key}@test>` };
      },
    };
  }
}
