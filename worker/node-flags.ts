/**
 * The Node flags the worker runs with (Dockerfile CMD, docker-compose.yml, `npm run worker`, the bench and the fault
 * suite): V8 heaps sized for waiting claims, so the worker's resident memory stays flat as claims pile up
 * (BENCHMARKS.md, Memory). The flags are process-wide, so the workflow thread's isolate gets them too.
 * `--max-old-space-size` fits the default workflow cache (WORKER_MAX_CACHED_WORKFLOWS 100, about 100 MB of heap in
 * use); raise it with the cache.
 */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=4'] as const;

/** The worker's command line: node, its flags, tsx, the entry point (what the image and compose run). */
export const WORKER_COMMAND = ['node', ...WORKER_NODE_FLAGS, '--import', 'tsx', 'worker/main.ts'] as const;
