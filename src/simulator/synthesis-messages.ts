/**
 * The synthesiser's reasons in words: the one place that says what each code of
 * `SynthesisCause` means. The `unrecoverable-scenario` rule, `simulate` and `plan` word the
 * reasons they report here; the score keeps them as codes up to the report, whose
 * `src/report/reasons.ts` words them here too.
 */
import { labelOf } from '../models/ids.js';
import { verdictMessage } from '../models/verdict-messages.js';
import type { KeyBackupProblem, SynthesisReason } from './synthesize.js';

const KEY_PROBLEM: Readonly<Record<string, string>> = {
  missing: 'no key backup was ever taken',
  passwordUnknown: 'nobody knows the password of its key backup (F5)',
  passwordLost: 'the password of its key backup is lost and cannot be recovered (F5)',
};

/** Where a destroyed backup was: on the named lost computer, or (unknown) on a lost one. */
const storedOnLost = (storedOn: string | undefined): string =>
  storedOn === undefined ? 'on a lost computer' : `on the lost computer ${storedOn}`;

/** Why a key backup cannot be used, as a clause. */
function keyProblemText(key: KeyBackupProblem): string {
  if (key.state === 'destroyed') return `its only key backup was stored ${storedOnLost(key.storedOn)} (F4)`;
  return KEY_PROBLEM[key.state] ?? `its key backup is ${key.state}`;
}

/**
 * A synthesis reason in words, naming the component and what keeps it down. This is a pure
 * function.
 */
export function synthesisMessage(reason: SynthesisReason): string {
  const id = reason.component;
  switch (reason.code) {
    case 'colocated-with-database':
      return `${labelOf(id)} and its database ${reason.args.database ?? '?'} were on the same lost computer ${reason.args.computer}: "Recovery of a management server is impossible if the management server and the associated database are on the same physical computer and that computer fails" (invariant 7, F3)`;
    case 'data-warehouse-key-unusable':
      return `${labelOf(id)} can only be replaced, which needs its encryption key restored first, but ${keyProblemText(reason.args.key)}; the data warehouse server cannot be promoted (D-OV)`;
    case 'workflow-key-unusable':
      return `${labelOf(id)} is the workflow server of ${reason.args.group}; replacing it needs its encryption key restored first, but ${keyProblemText(reason.args.key)}, and no additional management server of the group survives to be promoted instead (F4, D-OV, D-PROMO)`;
    case 'database-backup-unusable': {
      const why = reason.args.destroyed
        ? `its only backup was stored ${storedOnLost(reason.args.storedOn)}`
        : 'it has never been backed up';
      return `${labelOf(id)} is lost and ${why}; only data warehouse databases may be recreated empty (D-DBREC, F13)`;
    }
    case 'stays-down': {
      const { reason: left, because } = reason.args;
      return because.length > 0
        ? `${verdictMessage(left)}; it cannot be recovered without ${because.map(labelOf).join(', ')}`
        : `${verdictMessage(left)}; no sequence of documented steps reaches it`;
    }
    case 'search-stopped':
      return `the search stopped after ${reason.args.explored.toLocaleString('en-US')} states (maxStates) without finding a recovery; the reasons above come from the most advanced state reached`;
  }
}
