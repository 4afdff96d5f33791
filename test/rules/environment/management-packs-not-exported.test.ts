import { managementPacksNotExported } from '../../../src/rules/environment/management-packs-not-exported.js';
import { edit, positionOf } from '../../helpers/text.js';
import { BASE } from './base.js';
import { testRule } from './rule-tester.js';

const EXPORT = '    unsealedManagementPacks: { lastExport: 2026-11-20, offHost: true }\n';

const never = edit(BASE, EXPORT, '');
const onHost = edit(
  BASE,
  EXPORT,
  '    unsealedManagementPacks: { lastExport: 2026-11-20, offHost: false }\n',
);
const unstated = edit(BASE, EXPORT, '    unsealedManagementPacks: { lastExport: 2025-01-10 }\n');

testRule(managementPacksNotExported, {
  valid: [
    { name: 'exported off-host', code: BASE },
    {
      name: 'an old export off-host: its age is not judged',
      code: edit(BASE, EXPORT, '    unsealedManagementPacks: { lastExport: 2020-01-10, offHost: true }\n'),
    },
  ],
  invalid: [
    {
      name: 'never exported (literal position)',
      code: never,
      errors: [
        {
          line: 67,
          column: 5,
          message:
            'the unsealed management packs of SMMG have never been exported: after a management server recovery there is nothing to import (D-BKMP, N-IMPL)',
        },
      ],
    },
    {
      name: 'exported to the server itself',
      code: onHost,
      errors: [
        {
          ...positionOf(onHost, '{ lastExport: 2026-11-20'),
          message:
            'the unsealed management packs of SMMG were last exported on 2026-11-20 but not to another computer (offHost: false)',
        },
      ],
    },
    {
      name: 'offHost not stated counts as on the server',
      code: unstated,
      errors: [
        { ...positionOf(unstated, '{ lastExport: 2025-01-10'), message: 'last exported on 2025-01-10' },
      ],
    },
  ],
});
