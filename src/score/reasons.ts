/**
 * Why a disruption lost points, as data: a code and its arguments, in the manner of publint's
 * messages. The analysis emits them; `src/report/reasons.ts` is the one place that words them
 * (text, Markdown, HTML). Each code names the rule behind it ({@link ruleOfReason}).
 */
import type { SynthesisReason } from '../simulator/synthesize.js';

/** Every reason a disruption can lose points for, with its arguments. */
export type Reason =
  /** The plan has a scenario for the loss, it does not recover, and a valid recovery exists. */
  | { readonly code: 'plan-scenario-not-recovered'; readonly args: { readonly scenario: string } }
  /** A lost Self-Service Portal has no encryption key backup. */
  | { readonly code: 'portal-key-missing'; readonly args: { readonly computer: string } }
  /** The password of a lost portal's key backup is not escrowed. */
  | {
      readonly code: 'portal-key-password';
      readonly args: { readonly computer: string; readonly password: string };
    }
  /** A lost portal's only key backup is stored on a computer the loss takes too. */
  | {
      readonly code: 'portal-key-lost';
      readonly args: { readonly computer: string; readonly storedOn: string };
    }
  /** The synthesiser's reason a component cannot come back, as its own code and arguments. */
  | { readonly code: 'not-recoverable'; readonly args: { readonly reason: SynthesisReason } }
  /** No recovery and no reason: the search budget ran out. */
  | { readonly code: 'search-budget'; readonly args: Readonly<Record<string, never>> }
  /** Recoverable only by recreating data warehouse databases without their history. */
  | { readonly code: 'history-lost'; readonly args: { readonly databases: readonly string[] } }
  | {
      readonly code: 'rto-exceeded';
      readonly args: { readonly recoverySeconds: number; readonly rtoSeconds: number };
    }
  | {
      readonly code: 'rpo-exceeded';
      readonly args: {
        readonly dataLossSeconds: number;
        readonly rpoSeconds: number;
        /** With evidence: the database of the worst loss and whether the evidence established its interval. */
        readonly source?: { readonly database: string; readonly evidenced: boolean };
      };
    }
  /** With a plan: the plan has no scenario for this disruption. */
  | { readonly code: 'unplanned'; readonly args: Readonly<Record<string, never>> };

export type ReasonCode = Reason['code'];

/** The rule each code charges: what a row's `ruleIds` list. */
const RULE_OF_CODE: Readonly<Record<ReasonCode, string>> = {
  'plan-scenario-not-recovered': 'scenario-recovered',
  'portal-key-missing': 'key-backup-missing',
  'portal-key-password': 'key-password-unavailable',
  'portal-key-lost': 'key-backup-not-off-host',
  'not-recoverable': 'unrecoverable-scenario',
  'search-budget': 'unrecoverable-scenario',
  'history-lost': 'database-backup-missing',
  'rto-exceeded': 'rto-exceeded',
  'rpo-exceeded': 'backup-interval-exceeds-rpo',
  unplanned: 'plan-coverage',
};

/** The rule a reason's lost points are charged to. This is a pure function. */
export function ruleOfReason(reason: Reason): string {
  return RULE_OF_CODE[reason.code];
}
