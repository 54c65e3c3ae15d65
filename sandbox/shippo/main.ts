/** Runs the Shippo sandbox standalone: `tsx sandbox/shippo/main.ts` (port from SHIPPO_SANDBOX_PORT, default 8091). */
import { SANDBOX_API_TOKEN, startShippoSandbox } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.SHIPPO_SANDBOX_PORT ?? 8091);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SHIPPO_SANDBOX_PORT: must be a port number, got "${process.env.SHIPPO_SANDBOX_PORT}"`);
  const webhookUrl = process.env.SHIPPO_SANDBOX_WEBHOOK_URL;
  const sandbox = await startShippoSandbox({ port, admin: true, ...(webhookUrl ? { webhookUrl } : {}) });
  console.log(`Shippo sandbox listening on ${sandbox.url} (API token: ${SANDBOX_API_TOKEN})`);
  const stop = (): void => {
    sandbox.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
