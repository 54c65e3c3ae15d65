/** Readiness checks (MongoDB ping, Temporal reachable), each bounded in time, run together. */
import type { MongoClient } from 'mongodb';

/** A named dependency check: resolves when the dependency answers, throws otherwise. */
export type ReadinessCheck = () => Promise<unknown>;

/** Outcome of running the checks: `ok` only when every check passed. */
export interface ReadinessReport {
  ok: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

/** Pings MongoDB (the `admin` ping command). */
export function mongoCheck(client: MongoClient): ReadinessCheck {
  return () => client.db('admin').command({ ping: 1 });
}

/** Asks the Temporal frontend for its system info (works on a cluster and on Temporal Cloud). */
export function temporalCheck(connection: { workflowService: { getSystemInfo(request: object): Promise<unknown> } }): ReadinessCheck {
  return () => connection.workflowService.getSystemInfo({});
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every check in parallel with a timeout each; never throws. */
export async function runReadinessChecks(checks: Record<string, ReadinessCheck>, timeoutMs = 2_000): Promise<ReadinessReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(
    names.map(async (name) => {
      try {
        await withTimeout(Promise.resolve().then(checks[name]), timeoutMs);
        return { ok: true };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  const report: ReadinessReport = { ok: results.every((result) => result.ok), checks: {} };
  names.forEach((name, i) => (report.checks[name] = results[i] ?? { ok: false }));
  return report;
}
