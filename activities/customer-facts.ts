/**
 * What emails and the tracking page tell the customer about a claim beyond its status: the tracking page's address,
 * models and the shipping service by their display names. Reads by `_id` only: the device model (registry) and the
 * outbound label's purchase record (its rate names the service).
 */
import type { Db } from 'mongodb';
import { createLabelStore } from '../carrier/label-store';
import { findModel } from '../data/devices';
import type { ClaimView } from '../data/schemas/claim';
import type { DeviceModelDoc } from '../data/schemas/registry';
import type { LegKind } from '../domain/types';
import { trackingPageUrl } from '../notifications/branding';
import type { ClaimFacts } from '../notifications/templates';

/** A model's display name (`Yealink SIP-T54W`): its name, led by the manufacturer's unless it names it already. */
export function displayNameOf(doc: Pick<DeviceModelDoc, 'manufacturer' | 'name'>): string {
  return doc.name.toLowerCase().startsWith(doc.manufacturer.toLowerCase()) ? doc.name : `${doc.manufacturer} ${doc.name}`;
}

/** A model's display name from the registry, or undefined when the registry does not know it. */
export async function modelDisplayName(db: Db, model: string | null | undefined): Promise<string | undefined> {
  if (!model) return undefined;
  const doc = await findModel(db, model);
  return doc ? displayNameOf(doc) : undefined;
}

/** Models' display names this process has read, by database and model (renamed rarely; a restart reads them again). */
const modelNames = new Map<string, string>();
const MAX_REMEMBERED_MODELS = 1_000;

/** A model's display name, read once per process while the registry knows it (see `modelDisplayName`). */
export async function rememberedModelName(db: Db, model: string | undefined): Promise<string | undefined> {
  if (!model) return undefined;
  const key = `${db.databaseName}/${model}`;
  const remembered = modelNames.get(key);
  if (remembered !== undefined) return remembered;
  const name = await modelDisplayName(db, model);
  if (name === undefined) return undefined; // not imported yet: asked again next time
  if (modelNames.size >= MAX_REMEMBERED_MODELS) modelNames.clear();
  modelNames.set(key, name);
  return name;
}

/** `UPS Ground` from the carrier `UPS` and the service `Ground`; a service already naming its carrier is kept. */
export function serviceDisplayName(carrier: string, serviceName: string): string {
  if (!serviceName.trim()) return carrier;
  return serviceName.toLowerCase().startsWith(carrier.toLowerCase()) ? serviceName : `${carrier} ${serviceName}`;
}

/** The display name of the service a leg of the claim ships with, from the label purchase record. */
export async function serviceNameOf(db: Db, claimId: string, leg: LegKind): Promise<string | undefined> {
  const purchase = await createLabelStore(db).find(claimId, leg);
  return purchase?.label ? serviceDisplayName(purchase.rate.carrier, purchase.rate.serviceName) : undefined;
}

/** The customer-facing facts of a claim (three reads by `_id`, run together). */
export async function claimFactsOf(db: Db, claim: ClaimView, publicBaseUrl: string): Promise<ClaimFacts> {
  const [modelName, replacementModelName, outboundService] = await Promise.all([
    modelDisplayName(db, claim.model),
    modelDisplayName(db, claim.unit?.model),
    claim.legs.outbound ? serviceNameOf(db, claim.claimId, 'outbound') : Promise.resolve(undefined),
  ]);
  return {
    trackingPageUrl: trackingPageUrl(publicBaseUrl, claim.trackingToken),
    ...(modelName ? { modelName } : {}),
    ...(replacementModelName ? { replacementModelName } : {}),
    ...(outboundService ? { outboundService } : {}),
  };
}
