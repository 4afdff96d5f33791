/**
 * The one formatter of the score's reasons (`src/score/reasons.ts`): a reason code and its
 * arguments in words, for text (the terminal and the JSON's documented `explanation` strings),
 * Markdown and HTML. Every argument can come from the input (computer, database and scenario
 * names, the models' messages naming them), so the Markdown and HTML forms make the sentence
 * printable and escape it whole.
 */
import { printable } from '../common/printable.js';
import type { Reason } from '../score/index.js';
import { synthesisMessage } from '../simulator/synthesis-messages.js';
import { escapeHtml } from './html/page.js';
import { escapeMarkdownCell } from './markdown-escape.js';

/** A duration as the score's reasons state it: `4h`, `1.5h`, `45m`. This is a pure function. */
function hours(seconds: number): string {
  const value = seconds / 3600;
  return value >= 1 ? `${Number(value.toFixed(1))}h` : `${Math.round(seconds / 60)}m`;
}

const portal = (computer: string): string => `the Self-Service Portal on ${computer}`;

/** A reason in words, unescaped (the JSON `explanation` strings; the terminal makes them printable). This is a pure function. */
export function reasonText(reason: Reason): string {
  switch (reason.code) {
    case 'plan-scenario-not-recovered':
      return `the plan's scenario '${reason.args.scenario}' does not recover; a valid recovery exists (run scsm-dr plan)`;
    case 'portal-key-missing':
      return `${portal(reason.args.computer)} has no encryption key backup (D-BKKEY, N-KEY)`;
    case 'portal-key-password':
      return `the password of the key backup of ${portal(reason.args.computer)} is ${reason.args.password} (D-BKKEY, F5)`;
    case 'portal-key-lost':
      return `the only key backup of ${portal(reason.args.computer)} is stored on ${reason.args.storedOn}, which is lost too (D-BKKEY)`;
    case 'not-recoverable':
      return `${synthesisMessage(reason.args.reason)} (${reason.args.reason.citation})`;
    case 'search-budget':
      return 'no valid recovery was found within the search budget';
    case 'history-lost':
      return `recoverable only by recreating ${reason.args.databases.join(', ')}: data warehouse history is lost (D-DBREC, F13)`;
    case 'rto-exceeded':
      return `estimated recovery ${hours(reason.args.recoverySeconds)} exceeds the RTO of ${hours(reason.args.rtoSeconds)}`;
    case 'rpo-exceeded': {
      const { source } = reason.args;
      const from =
        source === undefined
          ? ''
          : source.evidenced
            ? ` (${source.database}: evidenced by the backup history)`
            : ` (${source.database}: claimed in the environment, not in the evidence)`;
      return `up to ${hours(reason.args.dataLossSeconds)} of data lost, over the RPO of ${hours(reason.args.rpoSeconds)}${from}`;
    }
    case 'unplanned':
      return 'the plan has no scenario for this disruption';
  }
}

/** A reason for a Markdown table cell: printable, escaped. This is a pure function. */
export function reasonMarkdown(reason: Reason): string {
  return escapeMarkdownCell(printable(reasonText(reason)));
}

/** A reason for HTML text: printable, escaped. This is a pure function. */
export function reasonHtml(reason: Reason): string {
  return escapeHtml(printable(reasonText(reason)));
}
