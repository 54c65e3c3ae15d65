/** Typed search attributes of a claim workflow (Keyword): status, device MAC and extension. */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The claim's current status, e.g. `awaiting-shipment`. */
export const ClaimStatusAttribute = defineSearchAttributeKey('ClaimStatus', SearchAttributeType.KEYWORD);
/** The device's MAC in normal form. */
export const DeviceMacAttribute = defineSearchAttributeKey('DeviceMac', SearchAttributeType.KEYWORD);
/** The extension of the affected user/device. */
export const ExtensionAttribute = defineSearchAttributeKey('Extension', SearchAttributeType.KEYWORD);

/** Every custom search attribute the claim workflow upserts: registered on the namespace by the embedded stack and by `worker/register-search-attributes.ts`. */
export const CLAIM_SEARCH_ATTRIBUTES = [ClaimStatusAttribute, DeviceMacAttribute, ExtensionAttribute];
