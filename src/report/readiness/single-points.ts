/**
 * The backup single points of failure of a readiness, with the pair rows they explain. It
 * imports types only, so `score`'s terminal output can use it without loading the renderers.
 */
import type { Finding } from '../../rules/types.js';
import type { DisruptionScore, Readiness } from '../../score/index.js';

/** A `backup-single-point-of-failure` finding with the pair rows of the score it explains. */
export interface BackupSinglePoint {
  readonly finding: Finding;
  /** The computer that holds the backups (the finding's subject). */
  readonly computer: string;
  /** The scored pairs whose loss includes the computer and costs points, worst first. */
  readonly pairs: readonly DisruptionScore[];
}

/**
 * The backup single points of failure of a readiness, each with the pairs it makes fatal:
 * the pair rows whose loss includes the computer and costs points. `pairsScored` is false when
 * the score has no pair rows at all (no `--pairs`), so renderers can say how to see them.
 */
export function backupSinglePoints(readiness: Readiness): {
  readonly points: readonly BackupSinglePoint[];
  readonly pairsScored: boolean;
} {
  const pairRows = readiness.disruptions.filter((row) => row.kind === 'pair');
  const points = readiness.findings
    .filter((finding) => finding.ruleId === 'backup-single-point-of-failure' && finding.subject !== undefined)
    .map((finding): BackupSinglePoint => {
      const computer = finding.subject ?? '';
      const pairs = pairRows
        .filter(
          (row) =>
            row.pointsLost > 0 &&
            row.loss.computers.some((name) => name.toLowerCase() === computer.toLowerCase()),
        )
        .sort((a, b) => b.pointsLost - a.pointsLost);
      return { finding, computer, pairs };
    });
  return { points, pairsScored: pairRows.length > 0 };
}
