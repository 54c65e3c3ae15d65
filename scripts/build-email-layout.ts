/** `npm run build:emails`: recompiles the email layout after editing email.mjml (the unit tests fail while it is stale). */
import fs from 'node:fs';
import { compileEmailLayoutModule, EMAIL_LAYOUT_MODULE } from './lib/email-layout';

void compileEmailLayoutModule().then((module) => {
  fs.writeFileSync(EMAIL_LAYOUT_MODULE, module);
  console.log(`wrote ${EMAIL_LAYOUT_MODULE}`);
});
