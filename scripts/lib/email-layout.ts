/** Compiles the customer email layout (notifications/templates/layout/email.mjml) with MJML into a TypeScript module. */
import fs from 'node:fs';
import path from 'node:path';
import mjml2html from 'mjml';

/** The MJML source of the layout. */
export const EMAIL_LAYOUT_SOURCE = path.resolve(__dirname, '../../notifications/templates/layout/email.mjml');
/** The generated module the product imports. */
export const EMAIL_LAYOUT_MODULE = path.resolve(__dirname, '../../notifications/templates/layout/compiled.ts');

/** The text of `compiled.ts` for the current MJML source; throws listing MJML's validation errors. */
export async function compileEmailLayoutModule(): Promise<string> {
  const result = await mjml2html(fs.readFileSync(EMAIL_LAYOUT_SOURCE, 'utf8'), { validationLevel: 'strict', keepComments: true });
  if (result.errors.length > 0) throw new Error(`email.mjml: ${result.errors.map((e) => e.formattedMessage).join('; ')}`);
  return [
    '// Generated from email.mjml by `npm run build:emails` (scripts/build-email-layout.ts). Do not edit by hand.',
    '/** The email layout as MJML compiled it: slots, fragments and placeholders as email.mjml describes. */',
    `export const COMPILED_EMAIL_LAYOUT = ${JSON.stringify(result.html)};`,
    '',
  ].join('\n');
}
