/**
 * The two phases of an identity move over the port and the optional redirect service: provision the replacement
 * (its configuration, then its redirect entry), and release the defective MAC (credentials rotated first, so the
 * replacement's files carry the new ones before anything of the defective phone is removed; then its files, then
 * its redirect entry). Each step is idempotent, so a phase retried after a crash redoes nothing twice.
 */
import type { IdentityMove, ProvisioningPort, RedirectService } from './port';

/** The provisioning the worker runs with: the port, and the redirect service when one is configured. */
export interface ProvisioningSetup {
  port: ProvisioningPort;
  redirect?: RedirectService;
}

/** What a phase did, one line per step, for the claim's timeline. */
export type PhaseReport = string[];

/** Provisions the replacement: configuration, then the redirect entry. */
export async function provisionReplacement(setup: ProvisioningSetup, move: IdentityMove): Promise<PhaseReport> {
  const report = [await setup.port.assign(move)];
  if (setup.redirect) {
    await setup.redirect.register(move.to.mac);
    report.push(`${move.to.mac} registered with the redirect service`);
  }
  return report;
}

/** Releases the defective MAC: credentials rotated, its configuration removed, its redirect entry removed. */
export async function releaseDefective(setup: ProvisioningSetup, move: IdentityMove): Promise<PhaseReport> {
  const report = [await setup.port.rotateCredentials(move), await setup.port.release(move)];
  if (setup.redirect) {
    await setup.redirect.remove(move.from.mac);
    report.push(`${move.from.mac} removed from the redirect service`);
  }
  return report;
}
