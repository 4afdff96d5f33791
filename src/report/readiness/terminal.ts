/**
 * The `score` command's terminal report (the CLI only wires it): the readiness score, every
 * disruption with its reasons in words (`../reasons.ts`), the backup single points of failure
 * and the findings.
 */

import { formatDuration } from '../../common/duration.js';
import { formatLocation } from '../../common/location.js';
import { maxOf } from '../../common/numbers.js';
import type { Readiness } from '../../score/index.js';
import type { Colors } from '../colors.js';
import { reasonText } from '../reasons.js';
import { severityLabel } from '../severity-label.js';
import type { backupSinglePoints } from './single-points.js';

/** What `backupSinglePoints` finds: each point with its pairs, and whether pairs were scored. */
type BackupSinglePoints = ReturnType<typeof backupSinglePoints>;

const OUTCOME_TEXT = {
  'within-objectives': 'within RTO and RPO',
  'over-objectives': 'over RTO or RPO',
  'history-lost': 'DW history lost',
  unrecoverable: 'UNRECOVERABLE',
} as const;

/**
 * The terminal text of `score`: the headline scores, one line per disruption with its reasons
 * below it, the backup single points of failure and the findings. Every input string is made
 * printable (`printable`, which the caller passes so that the output is escaped once).
 */
export function renderReadiness(
  readiness: Readiness,
  c: Colors,
  printable: (text: string) => string,
  { points, pairsScored }: BackupSinglePoints,
): string {
  const lines: string[] = [];
  const paint = (score: number, text: string) =>
    score >= 80 ? c.green(text) : score >= 50 ? c.yellow(text) : c.red(text);
  lines.push(
    `${c.bold(printable(readiness.environment.name))} — readiness ${paint(readiness.score, `${readiness.score}/100`)}` +
      `  (assurance, scored separately: ${paint(readiness.assurance.score, `${readiness.assurance.score}/100`)})`,
  );
  lines.push(
    c.dim(
      `judged ${readiness.asOf}; RTO ${formatDuration(readiness.objectives.rtoSeconds)}, RPO ${formatDuration(readiness.objectives.rpoSeconds)}; ${readiness.disruptions.length} disruptions simulated; synthesised recoveries for ${readiness.teams} team${readiness.teams === 1 ? '' : 's'}`,
    ),
  );
  if (readiness.evidence) {
    const facts = readiness.evidence.provenance.flatMap((entry) => [
      entry.lastFull,
      entry.fullEvery,
      entry.logEvery,
      entry.offHost,
    ]);
    const evidenced = facts.filter((fact) => fact === 'evidenced').length;
    const claimed = facts.filter((fact) => fact === 'claimed').length;
    lines.push(
      c.dim(
        `backups judged on evidence: ${readiness.evidence.rows} history rows from ${readiness.evidence.files.length} files; ${evidenced} backup facts evidenced, ${claimed} only claimed` +
          (readiness.evidence.notInEvidence.length > 0
            ? `; not in the evidence: ${readiness.evidence.notInEvidence.map(printable).join(', ')}`
            : ''),
      ),
    );
  }
  lines.push('');
  // Disruption ids name computers and sites from the input: padded after escaping, so columns align.
  const ids = readiness.disruptions.map((row) => printable(row.id));
  const width = maxOf(
    ids.map((id) => id.length),
    10,
  );
  lines.push(
    c.bold(
      `${'disruption'.padEnd(width)}  ${'stops'.padEnd(28)}  ${'outcome'.padEnd(18)}  ${'recovery'.padEnd(9)}  ${'data loss'.padEnd(9)}  lost`,
    ),
  );
  readiness.disruptions.forEach((row, index) => {
    const outcome = OUTCOME_TEXT[row.outcome];
    const colouredOutcome =
      row.outcome === 'within-objectives'
        ? c.green(outcome.padEnd(18))
        : row.outcome === 'unrecoverable'
          ? c.red(outcome.padEnd(18))
          : c.yellow(outcome.padEnd(18));
    const recovery = row.recoverySeconds === undefined ? '—' : formatDuration(row.recoverySeconds);
    lines.push(
      `${(ids[index] ?? '').padEnd(width)}  ${(row.services.join(', ') || 'nothing').padEnd(28)}  ${colouredOutcome}  ${recovery.padEnd(9)}  ${formatDuration(row.dataLossSeconds).padEnd(9)}  ${row.pointsLost > 0 ? row.pointsLost.toFixed(1) : '0'}`,
    );
    for (const reason of row.reasons)
      lines.push(c.dim(`${' '.repeat(width)}  ↳ ${printable(reasonText(reason))}`));
  });
  // A computer whose loss alone stops nothing can still hold every backup of a group.
  if (points.length > 0) lines.push('', c.bold(`Backup single points of failure (${points.length})`));
  for (const point of points) {
    lines.push(`  ${c.yellow(printable(point.computer))}: ${printable(point.finding.message)}`);
    const pairs = point.pairs.map((row) => `${printable(row.id)} (${row.pointsLost.toFixed(1)})`);
    lines.push(
      c.dim(
        !pairsScored
          ? '    ↳ run with --pairs to see the pairs of losses it makes fatal'
          : pairs.length === 0
            ? '    ↳ no scored pair with it loses points'
            : `    ↳ pairs it makes fatal: ${pairs.join(', ')}`,
      ),
    );
  }
  const findings = [...readiness.findings, ...(readiness.check?.findings ?? [])];
  if (findings.length > 0) {
    lines.push('', c.bold(`Findings (${findings.length})`));
    for (const finding of findings) {
      const severity = severityLabel(finding.severity, c);
      if (finding.suppression !== undefined) {
        lines.push(
          c.dim(
            `  ${formatLocation(finding.location)}  ${finding.severity.padEnd(7)}  ${printable(finding.message)}  ${finding.ruleId}  (waived: ${printable(finding.suppression.justification)})`,
          ),
        );
        continue;
      }
      lines.push(
        `  ${printable(formatLocation(finding.location))}  ${severity}  ${printable(finding.message)}  ${c.dim(printable(finding.ruleId))}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
