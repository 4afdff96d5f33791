/** The one formatter of the score's reasons: every code worded, input strings escaped per format. */
import { describe, expect, it } from 'vitest';
import { reasonHtml, reasonMarkdown, reasonText } from '../../src/report/reasons.js';
import type { Reason } from '../../src/score/index.js';

const ESC = String.fromCharCode(27);
const HOSTILE = `DW<b>|x</b>&${ESC}[31m`;

describe('reason wording', () => {
  it('words each code as the readiness JSON documents it', () => {
    const cases: [Reason, string][] = [
      [
        { code: 'plan-scenario-not-recovered', args: { scenario: 'sm-lost' } },
        "the plan's scenario 'sm-lost' does not recover; a valid recovery exists (run scsm-dr plan)",
      ],
      [
        { code: 'portal-key-missing', args: { computer: 'SSP01' } },
        'the Self-Service Portal on SSP01 has no encryption key backup (D-BKKEY, N-KEY)',
      ],
      [
        { code: 'portal-key-password', args: { computer: 'SSP01', password: 'unknown' } },
        'the password of the key backup of the Self-Service Portal on SSP01 is unknown (D-BKKEY, F5)',
      ],
      [
        { code: 'portal-key-lost', args: { computer: 'SSP01', storedOn: 'FS01' } },
        'the only key backup of the Self-Service Portal on SSP01 is stored on FS01, which is lost too (D-BKKEY)',
      ],
      [
        {
          code: 'not-recoverable',
          args: {
            reason: {
              component: 'database:SM',
              code: 'database-backup-unusable',
              args: { destroyed: true, storedOn: 'FS01' },
              citation: 'D-DBREC',
            },
          },
        },
        'database SM is lost and its only backup was stored on the lost computer FS01; only data warehouse databases may be recreated empty (D-DBREC, F13) (D-DBREC)',
      ],
      [{ code: 'search-budget', args: {} }, 'no valid recovery was found within the search budget'],
      [
        { code: 'history-lost', args: { databases: ['DWDataMart', 'OMDWDataMart'] } },
        'recoverable only by recreating DWDataMart, OMDWDataMart: data warehouse history is lost (D-DBREC, F13)',
      ],
      [
        { code: 'rto-exceeded', args: { recoverySeconds: 5400, rtoSeconds: 3600 } },
        'estimated recovery 1.5h exceeds the RTO of 1h',
      ],
      [
        { code: 'rpo-exceeded', args: { dataLossSeconds: 1800, rpoSeconds: 900 } },
        'up to 30m of data lost, over the RPO of 15m',
      ],
      [
        {
          code: 'rpo-exceeded',
          args: { dataLossSeconds: 86400, rpoSeconds: 3600, source: { database: 'SM', evidenced: true } },
        },
        'up to 24h of data lost, over the RPO of 1h (SM: evidenced by the backup history)',
      ],
      [
        {
          code: 'rpo-exceeded',
          args: { dataLossSeconds: 86400, rpoSeconds: 3600, source: { database: 'SM', evidenced: false } },
        },
        'up to 24h of data lost, over the RPO of 1h (SM: claimed in the environment, not in the evidence)',
      ],
      [{ code: 'unplanned', args: {} }, 'the plan has no scenario for this disruption'],
    ];
    for (const [reason, text] of cases) expect(reasonText(reason), reason.code).toBe(text);
    // Every code is covered above.
    expect(new Set(cases.map(([reason]) => reason.code)).size).toBe(10);
  });

  it('escapes input strings in HTML and Markdown, and strips control characters', () => {
    const reason: Reason = { code: 'history-lost', args: { databases: [HOSTILE] } };
    const html = reasonHtml(reason);
    expect(html).not.toContain('<b>');
    expect(html).not.toContain(ESC);
    expect(html).toContain('DW&lt;b&gt;|x&lt;/b&gt;&amp;');
    const markdown = reasonMarkdown(reason);
    expect(markdown).not.toMatch(/(^|[^\\])\|/);
    expect(markdown).not.toContain(ESC);
    expect(reasonText(reason)).toContain(HOSTILE);
  });
});
