/** The three vendors' files: names the phones ask for, the extension's account and keys, escaping, the version marker. */
import { allFileNamesOf, renderPhoneFiles, vendorOfManufacturer } from '../../../provisioning/templates';
import { credentialVersionOf, type RenderInput } from '../../../provisioning/templates/files';

const input: RenderInput = {
  mac: '00:15:65:AB:CD:99',
  profile: {
    accountId: 'ACME-001', extension: '1001', sipUser: 'acme1001', sipServer: 'sip.example.net:5080', displayName: 'Dana "D" <Whitfield> & Co',
    lineKeys: [{ type: 'line', value: '1001', label: 'Dana' }, { type: 'blf', value: '1002', label: 'Front desk' }, { type: 'speed-dial', value: '*97' }],
  },
  credential: { version: 3, password: 's3cret&<pw>' },
};

test('Yealink: <mac>.cfg with account 1 and linekey types 15/16/13 under the version header', () => {
  const [file, ...others] = renderPhoneFiles('yealink', input);
  expect(others).toEqual([]);
  expect(file!.name).toBe('001565abcd99.cfg');
  expect(file!.credentialVersion).toBe(3);
  const lines = file!.content.split('\n');
  expect(lines[0]).toBe('#!version:1.0.0.1');
  expect(lines).toEqual(expect.arrayContaining([
    'account.1.enable = 1', 'account.1.label = 1001', 'account.1.display_name = Dana "D" <Whitfield> & Co', 'account.1.auth_name = acme1001',
    'account.1.user_name = acme1001', 'account.1.password = s3cret&<pw>', 'account.1.sip_server.1.address = sip.example.net', 'account.1.sip_server.1.port = 5080',
    'linekey.1.type = 15', 'linekey.1.label = Dana', 'linekey.2.type = 16', 'linekey.2.value = 1002', 'linekey.2.label = Front desk',
    'linekey.3.type = 13', 'linekey.3.value = *97', 'linekey.3.label = *97',
  ]));
  expect(credentialVersionOf(file!.content)).toBe(3);
});

test('Poly: the registration file with reg.1.* and BLF resources, then the per-phone master naming it (XML-escaped)', () => {
  const [registration, master] = renderPhoneFiles('poly', input);
  expect(registration!.name).toBe('001565abcd99-registration.cfg');
  expect(registration!.content).toContain('reg.1.displayName="Dana &quot;D&quot; &lt;Whitfield&gt; &amp; Co"');
  expect(registration!.content).toContain('reg.1.auth.password="s3cret&amp;&lt;pw&gt;"');
  expect(registration!.content).toContain('reg.1.server.1.address="sip.example.net"');
  expect(registration!.content).toContain('reg.1.server.1.port="5080"');
  expect(registration!.content).toContain('attendant.resourceList.1.address="1002"');
  expect(registration!.content).not.toContain('attendant.resourceList.2');
  expect(credentialVersionOf(registration!.content)).toBe(3);
  expect(master!.name).toBe('001565abcd99.cfg');
  expect(master!.content).toMatch(/<APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="001565abcd99-registration.cfg"/);
  expect(master!.credentialVersion).toBeUndefined();
});

test('Grandstream: cfg<mac>.xml with the account P-values and multi-purpose keys (speed dial 0, BLF 1)', () => {
  const [file] = renderPhoneFiles('grandstream', input);
  expect(file!.name).toBe('cfg001565abcd99.xml');
  for (const element of ['<mac>001565abcd99</mac>', '<P271>1</P271>', '<P270>1001</P270>', '<P47>sip.example.net:5080</P47>', '<P35>acme1001</P35>',
    '<P36>acme1001</P36>', '<P34>s3cret&amp;&lt;pw&gt;</P34>', '<P3>Dana &quot;D&quot; &lt;Whitfield&gt; &amp; Co</P3>',
    '<P323>1</P323>', '<P302>Front desk</P302>', '<P303>1002</P303>', '<P324>0</P324>', '<P305>*97</P305>', '<P306>*97</P306>']) {
    expect(file!.content).toContain(element);
  }
  expect(credentialVersionOf(file!.content)).toBe(3);
});

test('a released MAC loses every name any supported phone reads; manufacturers map to their family', () => {
  expect(allFileNamesOf('00:15:65:AB:CD:99')).toEqual(['001565abcd99.cfg', '001565abcd99-registration.cfg', 'cfg001565abcd99.xml']);
  expect(['Yealink', 'Poly', 'Polycom', ' grandstream ', 'Cisco'].map(vendorOfManufacturer)).toEqual(['yealink', 'poly', 'poly', 'grandstream', undefined]);
});
