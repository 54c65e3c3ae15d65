/**
 * `rf`: the support and shipping command line, a client of the HTTP API (roles come from the key).
 * Exit codes: 0 done, 1 other failure, 2 invalid input, 3 not found, 4 conflict.
 */
import { parseArgs } from 'node:util';
import { CliError, createApiClient, ExitCodes } from './cli/api-client';
import { commands } from './cli/commands';
import { operationsCommands } from './cli/operations-commands';

const usage = `usage: rf <command> [arguments] [--json]

support
  rf open --file <request.json|->                  open a replacement (prints the device's open claim if it has one)
  rf show <claim id | MAC>                         a claim: status, labels, customer page, timeline
  rf search [--status S] [--mac M] [--ext E] [--email A]   find claims (no criterion: the newest)
  rf cancel <claim id> --reason <text>             cancel (refused once handed to the carrier)
  rf correct-address <claim id> --file <address.json>      fix the ship-to address of an address-problem claim
  rf decide <claim id> (--approve --model <model> | --deny) --reason <text>
                                 supervisor: decide an unknown device (a reason for approvals too)
shipping
  rf tasks [--kind pick-pack-ship|receive-return|...] [--status open|taken|done|cancelled]
  rf take <task id> [--assignee <name>]
  rf complete <claim id> --mac <replacement MAC> [--serial <serial>]
  rf receive <claim id> --mac <MAC on the returned device> --condition <text> [--notes <text>]
  rf labels <claim id>                             links to the label PDFs
  rf restock --unit <id> --model <model> [--grade A|B|C] [--serial S]
                                 book an arrived unit; wakes the oldest back-ordered claim it serves
everyone
  rf report                                        claims by status, median times, return rate, overdue
  rf policy                      the claim policy new claims start with (durations, SLAs, calendar)
embedded stack: plays the carrier through the Shippo sandbox's admin route (RF_SANDBOX_URL)
  rf sandbox scan <claim id> transit|delivered|failure|return-transit|return-delivered
                                 the sandbox records the scan and sends its real webhook
  rf sandbox faults [<json>|--clear]   show or set fault knobs, e.g. '{"rate500":3}'

options: --json  machine-readable output    --by <name>  who did it (recorded with the key's name)
environment: RF_API_URL  the API (default http://127.0.0.1:8080)
             RF_SANDBOX_URL  the embedded stack's Shippo sandbox (default http://127.0.0.1:8091)
             RF_API_KEY  your key (the embedded stack's dev keys: rf-dev-support-key, rf-dev-shipping-key,
                         rf-dev-supervisor-key, rf-dev-admin-key)
exit codes: 0 ok, 1 other failure, 2 invalid input, 3 not found, 4 conflict (e.g. task already done)`;

const optionSpec = {
  json: { type: 'boolean' }, file: { type: 'string' }, status: { type: 'string' }, kind: { type: 'string' }, mac: { type: 'string' },
  ext: { type: 'string' }, email: { type: 'string' }, reason: { type: 'string' }, approve: { type: 'boolean' }, deny: { type: 'boolean' },
  serial: { type: 'string' }, unit: { type: 'string' }, grade: { type: 'string' }, clear: { type: 'boolean' }, condition: { type: 'string' }, notes: { type: 'string' }, assignee: { type: 'string' }, by: { type: 'string' }, model: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: optionSpec });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${usage}`, ExitCodes.invalid);
  }
  const { values, positionals } = parsed;
  const [name, ...args] = positionals;
  if (!name || name === 'help' || values.help) return console.log(usage);
  const command = commands[name] ?? operationsCommands[name];
  if (!command) throw new CliError(`unknown command '${name}'\n\n${usage}`, ExitCodes.invalid);
  const api = createApiClient(process.env.RF_API_URL ?? 'http://127.0.0.1:8080', process.env.RF_API_KEY);
  const result = await command(api, args, values);
  if (values.json && result !== undefined) console.log(JSON.stringify(result, null, 2));
}

main(process.argv.slice(2)).then(
  () => process.exit(ExitCodes.ok),
  (error: unknown) => {
    const jsonWanted = process.argv.includes('--json');
    const code = error instanceof CliError ? error.exitCode : ExitCodes.failure;
    const message = error instanceof Error ? error.message : String(error);
    if (jsonWanted) console.error(JSON.stringify({ error: message, exitCode: code }));
    else console.error(`✖ ${message}`);
    process.exit(code);
  },
);
