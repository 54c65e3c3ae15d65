/** `buyLabel`, `buyLabelPair` and `voidLabel` activities: thin adapters over the exactly-once label purchaser. */
import { Context } from '@temporalio/activity';
import type { Db } from 'mongodb';
import { isFirstAttempt } from './attempt';
import { z } from 'zod';
import type { BuyLabelInput, BuyLabelPairInput, ClaimActivities, LabelPairRecord } from './contract';
import type { LabelRecord } from '../domain/types';
import { createLabelPurchaser } from '../carrier/label-purchaser';
import type { CarrierPort } from '../carrier/port';
import type { RatePolicy } from '../carrier/rate-policy';
import type { CarrierLogger } from '../carrier/tracking-ingest';
import { invalidData } from '../carrier/validation';
import { legKind, postalAddressSchema } from '../data/schemas/common';

const text = z.string().trim().min(1, { error: 'required' });
const optionalText = z.string().trim().optional();
const legSchema = legKind;

const buyLabelSchema = z
  .object({ claimId: text, leg: legSchema, shipTo: postalAddressSchema, carrier: optionalText })
  .refine((input) => input.leg !== 'return' || Boolean(input.carrier), { path: ['carrier'], error: 'required for the return leg (the outbound label\'s carrier)' });

const voidLabelSchema = z.object({ claimId: text, leg: legSchema });
const buyLabelPairSchema = z.object({ claimId: text, shipTo: postalAddressSchema });

/** The workflow running this activity (stored on the tracking route), or undefined outside an activity. */
function callingWorkflowId(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.workflowId;
  } catch {
    return undefined;
  }
}

/** Dependencies of the label activities. */
export interface LabelActivityDeps {
  db: Db;
  carrier: CarrierPort;
  ratePolicy?: RatePolicy;
  /** See `LabelPurchaserDeps.purchaseSettleMs`. */
  purchaseSettleMs?: number;
  log?: CarrierLogger;
}

/** Builds `buyLabel`, `buyLabelPair` and `voidLabel` for the worker. */
export function createLabelActivities(deps: LabelActivityDeps): Pick<ClaimActivities, 'buyLabel' | 'buyLabelPair' | 'voidLabel'> {
  const purchaser = createLabelPurchaser(deps);
  return {
    // Idempotent: exactly one label per (claimId, leg); a retry returns the label already bought (found by rate if unrecorded).
    async buyLabel(input: BuyLabelInput): Promise<LabelRecord> {
      const parsed = buyLabelSchema.safeParse(input);
      if (!parsed.success) invalidData('buyLabel input', parsed.error.issues);
      const { claimId, leg, shipTo, carrier } = parsed.data;
      const workflowId = callingWorkflowId();
      const order = { claimId, leg, shipTo: shipTo as BuyLabelInput['shipTo'], ...(carrier ? { carrier } : {}), ...(workflowId ? { workflowId } : {}) };
      // A first attempt inserts the leg's intent without reading it first (a leg stored before is taken from there).
      const label = await purchaser.buy(order, { firstTry: isFirstAttempt() });
      return { leg, ...label };
    },

    // Idempotent: exactly one label per (claimId, leg), as buyLabel; a retry buys leg by leg and returns the labels already bought.
    async buyLabelPair(input: BuyLabelPairInput): Promise<LabelPairRecord> {
      const parsed = buyLabelPairSchema.safeParse(input);
      if (!parsed.success) invalidData('buyLabelPair input', parsed.error.issues);
      const workflowId = callingWorkflowId();
      const pair = { claimId: parsed.data.claimId, shipTo: parsed.data.shipTo as BuyLabelPairInput['shipTo'], ...(workflowId ? { workflowId } : {}) };
      const bought = await purchaser.buyPair(pair, { firstTry: isFirstAttempt() });
      return { outbound: { leg: 'outbound', ...bought.outbound }, ...(bought.return ? { return: { leg: 'return', ...bought.return } } : {}) };
    },

    // Idempotent: refunds the leg's label at most once; no label → { voided: false }, already voided → { voided: true }.
    async voidLabel(input: { claimId: string; leg: BuyLabelInput['leg'] }): Promise<{ voided: boolean }> {
      const parsed = voidLabelSchema.safeParse(input);
      if (!parsed.success) invalidData('voidLabel input', parsed.error.issues);
      return purchaser.void(parsed.data.claimId, parsed.data.leg);
    },
  };
}
