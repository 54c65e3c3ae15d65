/**
 * Loaded into a worker process the bench starts (`node --require tsx/cjs --require bench/command-census.ts`): every
 * MongoClient the process connects counts the commands it sends, by command and collection, and the counts are
 * written to RF_COMMAND_CENSUS every second, so the bench can tell what the process asks of the database while it
 * measures (bench/idle.ts). The workflow threads load it too (they inherit the flags) and leave it idle. Bench only.
 */
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { MongoClient } from 'mongodb';

const file = isMainThread ? process.env.RF_COMMAND_CENSUS : undefined;
const counts: Record<string, number> = {};
const connect = MongoClient.prototype.connect;
if (file) MongoClient.prototype.connect = function connectCounted(this: MongoClient) {
  this.options.monitorCommands = true; // the driver reads it when the connection pools start
  this.on('commandStarted', (event) => {
    const target: unknown = event.command[event.commandName];
    const key = `${event.commandName} ${typeof target === 'string' ? target : ''}`.trim();
    counts[key] = (counts[key] ?? 0) + 1;
  });
  return connect.call(this);
};
if (file) setInterval(() => fs.writeFileSync(file, JSON.stringify(counts)), 1000).unref();
