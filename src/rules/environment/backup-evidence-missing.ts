/**
 * `backup-evidence-missing`: `--evidence` was given but holds no record of a database whose
 * backup environment.yaml describes, so its backup facts stay claims.
 */
import { findEvidence } from '../../evidence/interpret.js';
import { defineEnvironmentRule } from './define.js';

/** Reports, at the claimed `backup` node, every backed-up database the evidence does not mention. */
export const backupEvidenceMissing = defineEnvironmentRule({
  id: 'backup-evidence-missing',
  check(env, context) {
    const { evidence } = context;
    if (evidence === undefined) return [];
    const claimed = context.claimed ?? env;
    return claimed.databases.flatMap((database) =>
      database.backup === undefined || findEvidence(evidence, database.name) !== undefined
        ? []
        : [
            {
              node: database.backup,
              message: `the backup history given (${evidence.files.length} ${evidence.files.length === 1 ? 'file' : 'files'}) has no record of ${database.name} on ${database.instance}: its backup facts stay claims, not evidence`,
            },
          ],
    );
  },
});
