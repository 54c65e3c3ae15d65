/** Jest setup: the Temporal Core runtime logs warnings and errors only, so test output stays readable. */
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger((process.env.RF_TEST_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN') });
