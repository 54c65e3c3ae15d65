/** Builds the worker's real dependencies from the configuration: database, carrier and mailer. */
import { MongoClient } from 'mongodb';
import type { ActivityDependencies } from '../activities';
import { createShippoCarrier } from '../carrier/shippo-adapter';
import type { AppConfig } from '../config/env';
import { migrate } from '../activities/database';
import type { PostalAddress } from '../domain/types';
import { brandingFromConfig } from '../notifications/branding';
import { createMailer } from '../notifications/mailer';
import { mailerConfigFromEnv } from '../notifications/config';
import { SANDBOX_API_TOKEN } from '../sandbox/shippo/server';

/** Where the embedded Shippo sandbox listens unless SHIPPO_BASE_URL says otherwise. */
export const defaultSandboxUrl = (): string => `http://127.0.0.1:${process.env.SHIPPO_SANDBOX_PORT ?? 8091}`;

/** The warehouse replacements ship from and returns go back to. */
export function warehouseAddress(config: AppConfig): PostalAddress {
  return {
    name: config.WAREHOUSE_NAME,
    street1: config.WAREHOUSE_STREET1,
    city: config.WAREHOUSE_CITY,
    state: config.WAREHOUSE_STATE,
    postalCode: config.WAREHOUSE_POSTAL_CODE,
    country: config.WAREHOUSE_COUNTRY,
    phone: config.WAREHOUSE_PHONE,
    email: config.WAREHOUSE_EMAIL,
  };
}

/** Connects to MongoDB (running the migrations) and builds the carrier and mailer adapters. */
export async function buildDependencies(config: AppConfig): Promise<ActivityDependencies & { mongo: MongoClient; close(): Promise<void> }> {
  const mongo = await MongoClient.connect(config.MONGODB_URI, { serverSelectionTimeoutMS: 30_000 });
  const db = mongo.db(config.MONGODB_DB);
  await migrate(db);
  const usingSandbox = !config.SHIPPO_API_TOKEN;
  const carrier = createShippoCarrier({
    apiToken: config.SHIPPO_API_TOKEN ?? SANDBOX_API_TOKEN,
    serverURL: config.SHIPPO_BASE_URL ?? (usingSandbox ? defaultSandboxUrl() : undefined),
    warehouse: warehouseAddress(config),
  });
  const mailer = createMailer(mailerConfigFromEnv(config));
  return { db, mongo, carrier, mailer, branding: brandingFromConfig(config), close: () => mongo.close() };
}
