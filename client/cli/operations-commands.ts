/**
 * The `rf` commands for operations and the embedded stack: `restock` (one arrived unit), `policy` (the effective
 * claim policy), and `sandbox` (plays the carrier on the embedded stack: scans and fault knobs, over the Shippo
 * sandbox's admin route at RF_SANDBOX_URL, default http://127.0.0.1:8091).
 */
import type { z } from 'zod';
import { keyValues, table } from '../format';
import type { labelsResponse } from '../api/schemas';
import type { policyResponse } from '../api/routes/policy';
import type { restockResponse } from '../api/routes/inventory';
import { CliError, ExitCodes, type ApiRequest } from './api-client';
import type { CliOptions } from './commands';

type Command = (api: ApiRequest, args: string[], options: CliOptions) => Promise<unknown>;

/** What `rf sandbox scan` can play: the leg and the carrier status the sandbox reports for it. */
export const SCANS = {
  transit: { leg: 'outbound', status: 'TRANSIT' },
  delivered: { leg: 'outbound', status: 'DELIVERED' },
  failure: { leg: 'outbound', status: 'FAILURE' },
  'return-transit': { leg: 'return', status: 'TRANSIT' },
  'return-delivered': { leg: 'return', status: 'DELIVERED' },
} as const;

const sandboxUrl = () => process.env.RF_SANDBOX_URL ?? 'http://127.0.0.1:8091';

/** Calls the sandbox's admin route; a sandbox without it (or none running) is one clear message. */
async function sandbox<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(`/__admin${path}`, sandboxUrl()), {
      method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new CliError(`cannot reach the Shippo sandbox at ${sandboxUrl()} (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}); is npm start running? (RF_SANDBOX_URL)`, ExitCodes.failure);
  }
  const data = (await response.json().catch(() => ({}))) as T & { detail?: string };
  if (response.status === 400) throw new CliError(`the sandbox refused it: ${JSON.stringify(data)}`, ExitCodes.invalid);
  if (!response.ok) throw new CliError(`the sandbox answered ${response.status}: ${data.detail ?? JSON.stringify(data)} (its admin route is on in the embedded stack only)`, ExitCodes.failure);
  return data;
}

const required = (value: string | undefined, what: string): string => {
  if (!value || !value.trim()) throw new CliError(`${what} is required`, ExitCodes.invalid);
  return value;
};

/** The operations commands by name (merged into `rf`'s table). */
export const operationsCommands: Record<string, Command> = {
  async restock(api, _args, options) {
    const body = {
      unitId: required(options.unit, 'restock: --unit <unit id>'), model: required(options.model, 'restock: --model <model>'),
      ...(options.grade ? { grade: options.grade } : {}), ...(options.serial ? { serial: options.serial } : {}),
    };
    const { data } = await api<z.output<typeof restockResponse>>('POST', '/inventory/units', body);
    if (options.json) return data;
    const reserved = data.reservedFor
      ? `${data.reservedFor.claimId} (the oldest back-ordered claim it serves; ${data.reservedFor.signalled ? 'woken now' : 'wakes on its retry timer'})`
      : 'nobody (no back-ordered claim waits for this model)';
    console.log(keyValues([['unit', `${data.unitId} (${data.model}, grade ${data.grade})`], ['reserved for', reserved]]));
  },
  async policy(api, _args, options) {
    const { data } = await api<z.output<typeof policyResponse>>('GET', '/policy');
    if (options.json) return data;
    console.log(keyValues([['version', data.version ?? '(unversioned)'], ['calendar', data.calendar ?? '(weekends only)'],
      ['closed days', `${data.closedDays.length} (${data.closedDays.slice(0, 4).join(', ')}${data.closedDays.length > 4 ? ', …' : ''})`]]));
    console.log(`\n${table(Object.entries(data.durations).map(([setting, value]) => ({ setting, value })), ['setting', 'value'])}`);
  },
  async sandbox(api, args, options) {
    const [action, ...rest] = args;
    if (action === 'scan') return scan(api, rest, options);
    if (action === 'faults') {
      const set = rest[0];
      if (set !== undefined && options.clear) throw new CliError('sandbox faults: give a JSON object or --clear, not both', ExitCodes.invalid);
      let body: unknown;
      try {
        body = options.clear ? {} : set === undefined ? undefined : JSON.parse(set);
      } catch (error) {
        throw new CliError(`sandbox faults: '${set}' is not valid JSON (${(error as Error).message})`, ExitCodes.invalid);
      }
      const faults = await sandbox<Record<string, unknown>>(body === undefined ? 'GET' : 'PUT', '/faults', body);
      return options.json ? faults : console.log(Object.keys(faults).length ? JSON.stringify(faults) : 'no faults: the sandbox answers normally');
    }
    throw new CliError(`sandbox: use 'rf sandbox scan <claim id> ${Object.keys(SCANS).join('|')}' or 'rf sandbox faults [<json>|--clear]'`, ExitCodes.invalid);
  },
};

async function scan(api: ApiRequest, args: string[], options: CliOptions): Promise<unknown> {
  const claimId = required(args[0], 'sandbox scan: <claim id>');
  const what = required(args[1], `sandbox scan: <${Object.keys(SCANS).join('|')}>`);
  const play = SCANS[what as keyof typeof SCANS];
  if (!play) throw new CliError(`sandbox scan: '${what}' is not one of ${Object.keys(SCANS).join(', ')}`, ExitCodes.invalid);
  const { data: labels } = await api<z.output<typeof labelsResponse>>('GET', `/claims/${encodeURIComponent(claimId)}/labels`);
  const label = labels[play.leg];
  if (!label) throw new CliError(`claim ${claimId} has no ${play.leg} label yet`, ExitCodes.conflict);
  const result = await sandbox<{ trackingNumber: string; status: string; webhookStatus: number }>('POST', '/scans', { trackingNumber: label.trackingNumber, status: play.status });
  if (options.json) return { claimId, leg: play.leg, ...result };
  console.log(keyValues([['claim', claimId], ['scan', `${play.status} on the ${play.leg} parcel ${label.carrier} ${result.trackingNumber}`],
    ['webhook', result.webhookStatus ? `sent to the app, answered ${result.webhookStatus}` : 'not sent (no webhook URL set on the sandbox)']]));
  return undefined;
}
