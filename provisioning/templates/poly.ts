/**
 * Poly (Polycom UC Software): a phone first fetches its per-phone master configuration file `<mac>.cfg` (an
 * `<APPLICATION>` element whose CONFIG_FILES lists what to load), then those files. The master names
 * `<mac>-registration.cfg`, a `<polycomConfig>` with the extension as registration 1 (`reg.1.*`) and its BLF keys
 * as the attendant resource list (`attendant.resourceList.N.*`). Speed dials live in Poly's contact directory and
 * are not rendered.
 */
import { CREDENTIAL_MARKER, macFileStem, sipServerParts, xmlEscaped, type ConfigFile, type RenderInput } from './files';

const registrationFile = (mac: string) => `${macFileStem(mac)}-registration.cfg`;
const masterFile = (mac: string) => `${macFileStem(mac)}.cfg`;

/** The file names a Poly phone with this MAC reads (for releasing it). */
export function polyFileNames(mac: string): string[] {
  return [masterFile(mac), registrationFile(mac)];
}

/** Renders the registration file, then the master that names it (written in that order: the master last). */
export function renderPoly({ mac, profile, credential }: RenderInput): ConfigFile[] {
  const server = sipServerParts(profile.sipServer);
  const attribute = (name: string, value: string | number) => `  ${name}="${xmlEscaped(String(value))}"`;
  const blf = profile.lineKeys.filter((key) => key.type === 'blf');
  const registration = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    `<!-- ${CREDENTIAL_MARKER} ${credential.version} -->`,
    `<!-- Extension ${xmlEscaped(profile.extension)} of ${xmlEscaped(profile.accountId)}; written by replacement-fulfilment, do not edit by hand. -->`,
    '<polycomConfig',
    attribute('reg.1.displayName', profile.displayName),
    attribute('reg.1.label', profile.extension),
    attribute('reg.1.address', profile.sipUser),
    attribute('reg.1.auth.userId', profile.sipUser),
    attribute('reg.1.auth.password', credential.password),
    attribute('reg.1.server.1.address', server.host),
    attribute('reg.1.server.1.port', server.port),
    ...blf.flatMap((key, index) => [
      attribute(`attendant.resourceList.${index + 1}.address`, key.value),
      attribute(`attendant.resourceList.${index + 1}.label`, key.label ?? key.value),
    ]),
    '/>',
  ];
  const master = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    `<!-- Per-phone master configuration of extension ${xmlEscaped(profile.extension)}; written by replacement-fulfilment. -->`,
    `<APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="${registrationFile(mac)}" MISC_FILES="" LOG_FILE_DIRECTORY="" OVERRIDES_DIRECTORY="" CONTACTS_DIRECTORY=""/>`,
  ];
  return [
    { name: registrationFile(mac), content: `${registration.join('\n')}\n`, credentialVersion: credential.version },
    { name: masterFile(mac), content: `${master.join('\n')}\n` },
  ];
}
