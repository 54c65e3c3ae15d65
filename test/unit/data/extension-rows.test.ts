/** The `extensions` import row: flat columns to the provisioning record, every bad field named. */
import { extensionRowSchema } from '../../../data/import/extension-rows';
import { formatIssues } from '../../../schemas/issues';

const row = {
  accountId: 'ACME-001', extension: '1001', sipUser: 'acme1001', sipServer: 'sip.example.net:5060', displayName: 'Dana',
  lineKeys: 'blf:1002:Front desk|speed-dial:*97', e911Street1: '1401 Elm St', e911Street2: '', e911City: 'Dallas', e911State: 'TX', e911PostalCode: '75202', e911Country: 'US',
};
const problems = (record: Record<string, unknown>) => {
  const parsed = extensionRowSchema.safeParse(record);
  return parsed.success ? [] : formatIssues(parsed.error.issues, '(row)');
};

test('a CSV row becomes the stored record, keyed by account and extension, with its keys and emergency address', () => {
  expect(extensionRowSchema.parse(row)).toEqual({
    extensionKey: 'ACME-001/1001', accountId: 'ACME-001', extension: '1001', sipUser: 'acme1001', sipServer: 'sip.example.net:5060', displayName: 'Dana',
    lineKeys: [{ type: 'blf', value: '1002', label: 'Front desk' }, { type: 'speed-dial', value: '*97' }],
    emergencyAddress: { street1: '1401 Elm St', city: 'Dallas', state: 'TX', postalCode: '75202', country: 'US' },
  });
  const withoutE911 = { ...row, e911Street1: '', e911City: '', e911State: '', e911PostalCode: '', e911Country: '', lineKeys: '' };
  expect(extensionRowSchema.parse(withoutE911)).not.toHaveProperty('emergencyAddress');
  expect(extensionRowSchema.parse({ ...row, lineKeys: [{ type: 'line', value: 'sip:1001@pbx' }] }).lineKeys).toEqual([{ type: 'line', value: 'sip:1001@pbx' }]);
});

test('bad fields are named: SIP user, server, key type, control characters, a partial emergency address', () => {
  expect(problems({ ...row, sipUser: 'acme 1001', sipServer: 'sip example', lineKeys: 'bfl:1002', displayName: 'Dana\nX' })).toEqual([
    'sipUser: must be 1–64 letters, digits, . _ + or -',
    'sipServer: must be a host name or address, optionally with :port',
    'displayName: must not contain control characters',
    'lineKeys.0.type: must be blf, speed-dial or line',
  ]);
  expect(problems({ ...row, e911Country: 'usa' })).toEqual(['e911Country: must be a 2-letter country code such as US']);
  expect(problems({ ...row, e911City: '' })).toEqual(['e911City: required when an emergency address is given (e911Street1, e911City, e911State, e911PostalCode, e911Country)']);
});
