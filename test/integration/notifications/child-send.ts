/**
 * Runs `sendCustomerEmail` once in its own process (so a test can SIGKILL it mid-send), then prints the result.
 * Env: MONGODB_URI, RF_DB_NAME, RF_SMTP_PORT, RF_EMAIL_INPUT (JSON of a SendEmailInput).
 */
import { MongoClient } from 'mongodb';
import { emailActivity, mailerFor } from './harness';

async function main(): Promise<void> {
  const client = await MongoClient.connect(process.env.MONGODB_URI!);
  const mailer = mailerFor(Number(process.env.RF_SMTP_PORT));
  try {
    const result = await emailActivity(client.db(process.env.RF_DB_NAME!), mailer)(JSON.parse(process.env.RF_EMAIL_INPUT!));
    process.stdout.write(JSON.stringify(result));
  } finally {
    mailer.close();
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
