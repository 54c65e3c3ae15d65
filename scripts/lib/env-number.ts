/** Whole-number settings of the command-line scripts, read from the environment with a clear error. */
import { UserFacingError } from '../../entry/errors';

/** `process.env[name]` as a whole number ≥ `min`, or `fallback` when unset or empty. */
export function wholeNumberFromEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new UserFacingError(`${name}: must be a whole number ≥ ${min}, got '${raw}'`);
  return value;
}
