/** Test fixtures read through the same boundary schema the API uses. */
import fs from 'node:fs';
import path from 'node:path';
import type { ClaimRequest } from '../../domain/types';
import { parseClaimRequest } from '../../schemas/claim-request';

/** A trigger from `test/fixtures/claims/<name>.json`, validated and normalised. */
export function claimRequestFixture(name: string): ClaimRequest {
  const parsed = parseClaimRequest(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'claims', `${name}.json`), 'utf8')));
  if (!parsed.ok) throw new Error(`fixture ${name}: ${parsed.errors.join('; ')}`);
  return parsed.request;
}
