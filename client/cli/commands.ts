/** The `rf` commands: each calls the API and prints a readable table (or the raw JSON with `--json`). */
import fs from 'node:fs';
import { normaliseMac } from '../../domain/mac';
import { keyValues, OUTPUT_WIDTH, table } from '../format';
import type { z } from 'zod';
import type {
  claimListResponse, claimResponse, labelsResponse, openedClaimResponse, reportResponse, stepResponse, taskListResponse, taskResponse,
} from '../api/schemas';
import { CliError, ExitCodes, type ApiRequest } from './api-client';

type Claim = z.output<typeof claimResponse>;
type Step = z.output<typeof stepResponse>;
type Labels = z.output<typeof labelsResponse>;

/** Parsed command-line options. */
export interface CliOptions {
  json?: boolean;
  file?: string;
  status?: string;
  kind?: string;
  mac?: string;
  ext?: string;
  email?: string;
  reason?: string;
  approve?: boolean;
  deny?: boolean;
  serial?: string;
  condition?: string;
  notes?: string;
  assignee?: string;
  model?: string;
  by?: string;
  unit?: string;
  grade?: string;
  clear?: boolean;
}

type Command = (api: ApiRequest, args: string[], options: CliOptions) => Promise<unknown>;

const required = (value: string | undefined, what: string): string => {
  if (!value || !value.trim()) throw new CliError(`${what} is required`, ExitCodes.invalid);
  return value;
};
const readJson = (file: string | undefined, command: string): unknown => {
  const path = required(file, `${command}: --file <file.json>`);
  let raw: string;
  try {
    raw = fs.readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new CliError(`${command}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, ExitCodes.invalid);
  }
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new CliError(`${command}: ${path} is not valid JSON (${(error as Error).message})`, ExitCodes.invalid);
  }
};
const by = (options: CliOptions) => (options.by ? { by: options.by } : {});
const query = (pairs: Record<string, string | undefined>) => new URLSearchParams(Object.entries(pairs).filter(([, v]) => v) as [string, string][]).toString();

/** The claim's raised flags for the header (`billing, escalated`), or `none`. */
const flagsOf = (claim: Claim): string => {
  const raised = (['billing', 'escalated'] as const).filter((flag) => claim.flags?.[flag]);
  return raised.length ? raised.join(', ') : 'none';
};

function printClaim(claim: Claim): void {
  console.log(keyValues([
    ['claim', claim.claimId], ['status', claim.status], ['flags', flagsOf(claim)], ['device', `${claim.mac} (ext ${claim.extension}, ${claim.model ?? 'model unknown'})`],
    ['account', claim.accountId], ['opened', claim.openedAt], ['decision', claim.decision ? `${claim.decision.outcome}: ${claim.decision.explanation}` : undefined],
    ['next deadline', claim.nextDeadline ? `${claim.nextDeadline.kind} at ${claim.nextDeadline.at}` : undefined],
    ['outbound', claim.legs?.outbound ? `${claim.legs.outbound.carrier} ${claim.legs.outbound.trackingNumber}` : undefined],
    ['return', claim.legs?.return ? `${claim.legs.return.carrier} ${claim.legs.return.trackingNumber}` : undefined],
    ['customer page', claim.trackingUrl],
    ['policy', claim.policy ? `${claim.policy.version ?? 'unversioned'}: return window ${claim.policy.durations.returnWindow}, reminders ${claim.policy.durations.returnReminders}, shipping ${claim.policy.durations.shippingSla}` : undefined],
  ]));
  if (claim.timeline?.length) console.log(`\n${table(claim.timeline.map((e) => ({ at: e.at, status: e.status, event: e.message })), ['at', 'status', 'event'], { width: OUTPUT_WIDTH })}`);
}

const printStep = (result: Step) => console.log(keyValues([['claim', result.claimId], ['status', result.status]]));

/** Every command by name. */
export const commands: Record<string, Command> = {
  async open(api, _args, options) {
    const { status, data } = await api<z.output<typeof openedClaimResponse>>('POST', '/claims', readJson(options.file, 'open'));
    if (options.json) return data;
    console.log(status === 201 ? 'opened a new claim' : 'this device already has an open claim:');
    console.log(keyValues([['claim', data.claimId], ['status', data.status], ['workflow', data.workflowId], ['customer page', data.trackingUrl]]));
  },
  async show(api, args, options) {
    const target = required(args[0], 'show: <claim id or MAC>');
    const mac = normaliseMac(target);
    const { data } = await api<Claim>('GET', `/claims/${encodeURIComponent(mac.ok ? mac.mac : target)}`).catch((error: unknown) => {
      throw error instanceof CliError && error.exitCode === ExitCodes.notFound && mac.ok ? new CliError(`no claim for device ${mac.mac}`, ExitCodes.notFound) : error;
    });
    return options.json ? data : printClaim(data);
  },
  async search(api, _args, options) {
    const { data } = await api<z.output<typeof claimListResponse>>('GET', `/claims?${query({ status: options.status, mac: options.mac, extension: options.ext, email: options.email })}`);
    if (options.json) return data;
    console.log(data.claims.length ? table(data.claims.map((c) => ({ ...c, model: c.model ?? '' })), ['claimId', 'status', 'mac', 'extension', 'model', 'openedAt']) : 'no matching claims');
  },
  async cancel(api, args, options) {
    const { data } = await api<Step>('POST', `/claims/${encodeURIComponent(required(args[0], 'cancel: <claim id>'))}/cancel`, { reason: required(options.reason, 'cancel: --reason'), ...by(options) });
    return options.json ? data : printStep(data);
  },
  async 'correct-address'(api, args, options) {
    const shipTo = readJson(options.file, 'correct-address');
    const { data } = await api<Step>('POST', `/claims/${encodeURIComponent(required(args[0], 'correct-address: <claim id>'))}/address`, { shipTo, ...by(options) });
    return options.json ? data : printStep(data);
  },
  async decide(api, args, options) {
    if (options.approve === options.deny) throw new CliError('decide: give exactly one of --approve or --deny', ExitCodes.invalid);
    const { data } = await api<Step>('POST', `/claims/${encodeURIComponent(required(args[0], 'decide: <claim id>'))}/decision`, {
      approve: Boolean(options.approve), reason: required(options.reason, 'decide: --reason'), ...(options.model ? { model: options.model } : {}), ...by(options),
    });
    return options.json ? data : console.log(keyValues([['claim', data.claimId], ['status', data.status], ['decision', data.decision?.explanation]]));
  },
  async tasks(api, _args, options) {
    const { data } = await api<z.output<typeof taskListResponse>>('GET', `/tasks?${query({ kind: options.kind, status: options.status })}`);
    if (options.json) return data;
    const rows = data.tasks.map((t) => ({ task: t.taskId, kind: t.kind, status: t.status, due: `${t.slaDueAt}${t.overdue ? ' OVERDUE' : ''}`, device: t.claim?.mac, assignee: t.assignee ?? '' }));
    console.log(rows.length ? table(rows, ['task', 'kind', 'status', 'due', 'device', 'assignee']) : 'no tasks');
  },
  async take(api, args, options) {
    const { data } = await api<z.output<typeof taskResponse>>('POST', `/tasks/${encodeURIComponent(required(args[0], 'take: <task id>'))}/take`, options.assignee ? { assignee: options.assignee } : {});
    return options.json ? data : console.log(keyValues([['task', data.taskId], ['status', data.status], ['assignee', data.assignee ?? undefined]]));
  },
  async complete(api, args, options) {
    const { data } = await api<Step>('POST', `/claims/${encodeURIComponent(required(args[0], 'complete: <claim id>'))}/shipment`, {
      replacementMac: required(options.mac, 'complete: --mac <replacement MAC>'), ...(options.serial ? { serial: options.serial } : {}), ...by(options),
    });
    return options.json ? data : printStep(data);
  },
  async receive(api, args, options) {
    const { data } = await api<Step>('POST', `/claims/${encodeURIComponent(required(args[0], 'receive: <claim id>'))}/return-receipt`, {
      receivedMac: required(options.mac, 'receive: --mac <MAC on the returned device>'), condition: required(options.condition, 'receive: --condition'),
      ...(options.notes ? { notes: options.notes } : {}), ...by(options),
    });
    return options.json ? data : printStep(data);
  },
  async labels(api, args, options) {
    const { data } = await api<Labels>('GET', `/claims/${encodeURIComponent(required(args[0], 'labels: <claim id>'))}/labels`);
    if (options.json) return data;
    const rows = (['outbound', 'return'] as const).map((leg) => ({ leg, carrier: data[leg]?.carrier, tracking: data[leg]?.trackingNumber, pdf: data[leg]?.labelUrl ?? '(not bought yet)' }));
    console.log(table(rows, ['leg', 'carrier', 'tracking', 'pdf']));
  },
  async report(api, _args, options) {
    const { data } = await api<z.output<typeof reportResponse>>('GET', '/reports');
    if (options.json) return data;
    console.log(keyValues([
      ['claims', String(data.total)], ['median to hand-over', data.medianHoursToHandOver === null ? '–' : `${data.medianHoursToHandOver} h`],
      ['median to close', data.medianHoursToClose === null ? '–' : `${data.medianHoursToClose} h`],
      ['return rate', data.returnRate === null ? '–' : `${Math.round(data.returnRate * 100)}%`],
      ['overdue', `${data.overdue.tasks.length} task(s), ${data.overdue.returns.length} return(s)`],
    ]));
    const statuses = Object.entries(data.byStatus).filter(([, n]) => n > 0).map(([status, count]) => ({ status, count }));
    if (statuses.length) console.log(`\n${table(statuses, ['status', 'count'])}`);
  },
};
