import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../../common/errors.js';
import { contextFor, withCommonOptions } from '../common.js';
import { writeFileAtomic } from '../io.js';

interface ImportBackupsOptions {
  readonly from: string[];
  readonly write?: boolean;
  readonly format: 'text' | 'json';
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly asOf?: string;
}

/**
 * `scsm-dr import backups <environment> --from <file>...`: reads msdb backup history (dbatools
 * JSON or the CSV of `collectors/backup-history.sql`), prints per database what the environment
 * claims and what the history shows, and the unified diff of environment.yaml that would make
 * the claims match. `--write` applies the diff.
 *
 * `--write` is the one place a command rewrites one of its inputs, the environment file, and
 * only because the user asked for exactly that: the file is changed only in the values shown
 * in the diff, byte for byte elsewhere, through a temporary file and a rename (whole or not at
 * all). The evidence files stay protected inputs.
 */
export function registerImport(program: Command): void {
  const group = program
    .command('import')
    .description('read evidence into the environment description (see docs/import.md)');
  withCommonOptions(
    group
      .command('backups')
      .description('compare the environment with msdb backup history; --write applies the differences')
      .argument('<environment>', 'environment description (YAML)')
      .requiredOption(
        '--from <file...>',
        'backup history: dbatools JSON or the CSV of collectors/backup-history.sql (several allowed)',
      )
      .option('--write', 'apply the diff to the environment file (keeps comments and formatting)')
      .addOption(
        new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'),
      ),
  ).action(async (file: string, options: ImportBackupsOptions) => {
    const context = contextFor(options);
    const [
      { readFile },
      { requireEnvironment },
      { requireEvidence },
      { proposeImport },
      { applyYamlEdits },
      { createTwoFilesPatch },
      report,
      { loadEnvironmentText },
    ] = await Promise.all([
      import('node:fs/promises'),
      import('../inputs.js'),
      import('../evidence-inputs.js'),
      import('../../evidence/proposal.js'),
      import('../../evidence/yaml-edit.js'),
      import('diff'),
      import('../../report/evidence.js'),
      import('../../environment/load.js'),
    ]);
    const environment = await requireEnvironment(file);
    const summary = await requireEvidence(options.from);
    const proposal = proposeImport(environment, summary);
    const raw = await readFile(file, 'utf8');
    // A byte-order mark (Notepad writes one) is kept when the file is written back.
    const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
    const original = raw.slice(bom.length);
    if (proposal.edits.length > 0 && original.trimStart().startsWith('{') && options.write) {
      throw new UserError(`--write: ${file} is JSON; import writes YAML environment files only`);
    }
    const updated = proposal.edits.length > 0 ? applyYamlEdits(original, proposal.edits) : original;
    const diff =
      updated === original
        ? ''
        : // CRLF line endings are kept in the file, but not shown: a preview line ending in `\r`
          // would print as a visible escape after every line of a Windows file.
          createTwoFilesPatch(`a/${file}`, `b/${file}`, original, updated, undefined, undefined, {
            context: 3,
            stripTrailingCr: true,
          })
            .split('\n')
            .filter((line) => !line.startsWith('===='))
            .join('\n');
    if (updated !== original) {
      // The edited file must load as the original did; anything else is a bug of the editor.
      const check = loadEnvironmentText(updated, file);
      if (!check.ok) throw new Error(`import: the edited ${file} does not load: ${check.errors[0]?.message}`);
    }
    const written = options.write === true && updated !== original;
    if (written) await writeFileAtomic(file, `${bom}${updated}`, options.from);
    context.stdout.write(
      options.format === 'json'
        ? report.renderImportJson(proposal, diff, written)
        : report.renderImportText(proposal, diff, { written, file }, context.out),
    );
  });
}
