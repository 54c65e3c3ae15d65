/**
 * History fixtures as JSON, in the same form as `temporal workflow show --output json` and the Temporal UI's
 * download (so a production history can be dropped into test/fixtures/histories and replayed as it is).
 */
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';

/** Serialises a fetched workflow history to a JSON fixture. */
export function historyToFixtureJson(history: temporal.api.history.v1.IHistory): string {
  return historyToJSON(history);
}

/** Loads a JSON fixture back into a History the replayer accepts. */
export function historyFromFixtureJson(json: string): temporal.api.history.v1.IHistory {
  return historyFromJSON(JSON.parse(json) as unknown);
}
