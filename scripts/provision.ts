/** `npm run provision`: installs (or finds cached) the Temporal servers and FerretDB. */
import { runMain } from '../entry/errors';
import { provision } from './lib/provision';

runMain(async () => {
  const started = Date.now();
  provision({ ferretdb: !process.env.MONGODB_URI });
  console.log(`provisioning done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
