/**
 * Return-label reprints from the customer's tracking page: one `label_reprints` document per reprint, `_id`
 * `<claimId>#<UTC day>#<n>`. Taking reprint n is the insert of its `_id` (unique, atomic on FerretDB and MongoDB), so
 * concurrent requests on any number of API replicas never hand out more than the daily limit; nothing is read by
 * another field. The claim's timeline entry of each reprint is written by the claim workflow (signalled by the API).
 */
import { firstInsertWins } from '../storage/first-writer';
import type { Db } from 'mongodb';

/** The collection of reprints (written by inserts only). */
export const LABEL_REPRINTS_COLLECTION = 'label_reprints';

/** One reprint a customer took. */
export interface LabelReprintDoc {
  _id: string;
  claimId: string;
  /** The UTC day `YYYY-MM-DD` the limit counts in. */
  day: string;
  /** 1 for the day's first reprint, up to the daily limit. */
  number: number;
  at: string;
}


/** Takes the claim's next reprint of `now`'s UTC day, or null when the day's `dailyLimit` reprints are taken. */
export async function takeLabelReprint(db: Db, claimId: string, now: Date, dailyLimit: number): Promise<LabelReprintDoc | null> {
  const day = now.toISOString().slice(0, 10);
  const reprints = db.collection<LabelReprintDoc>(LABEL_REPRINTS_COLLECTION);
  for (let number = 1; number <= dailyLimit; number += 1) {
    const doc: LabelReprintDoc = { _id: `${claimId}#${day}#${number}`, claimId, day, number, at: now.toISOString() };
    if (await firstInsertWins(reprints, doc)) return doc; // else reprint `number` of the day is taken: try the next
  }
  return null;
}
