/**
 * Which documented procedure each synthesised step performs, for the plan's comments and the
 * CLI's summary: `R-PROMOTE step 2 (D-PROMO): delete the Health Service State folder`.
 * Procedure keys and step numbers follow the recovery procedures of docs/references.md.
 */

import { componentId, isSqlInstanceId } from '../models/ids.js';
import type { ModelSystem, SystemState } from '../models/system.js';
import type { ActionName } from '../plan/actions.js';

/** Where a step comes from in the documented procedures. */
export interface ProcedureReference {
  /** The procedure and step, e.g. `R-PROMOTE step 2`. */
  readonly procedure: string;
  /** The domain citation key of the document that prescribes it, e.g. `D-PROMO`. */
  readonly citation: string;
  /** What the step does, in words, with the concrete names. */
  readonly summary: string;
}

/** A reference, in the order the procedures are written: procedure, citation, summary. */
function reference(procedure: string, citation: string, summary: string): ProcedureReference {
  return { procedure, citation, summary };
}

/** The plan's steps as the annotator needs them. */
export interface AnnotatedInput {
  readonly action: ActionName;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The procedure behind each step of a plan, given the state before each step (the same
 * action belongs to different procedures: Setup on a restored key is R-REPLACE-MS, Setup
 * without one is R-ADD). This is a pure function.
 */
export function annotateSteps(
  system: ModelSystem,
  steps: readonly AnnotatedInput[],
  before: readonly SystemState[],
): ProcedureReference[] {
  const lower = (name: string) => name.toLowerCase();
  /** True when a later step restores the key of this computer: the server is replaced, not re-added. */
  const replacedLater = (index: number, computer: string) =>
    steps
      .slice(index + 1)
      .some(
        (s) => s.action === 'restore-encryption-key' && lower(s.params.computer ?? '') === lower(computer),
      );
  return steps.map((s, index): ProcedureReference => {
    const state = before[index]!;
    const computer = s.params.computer ?? '';
    const server = system.servers.get(lower(computer));
    const isDw = server?.role === 'data-warehouse';
    const p = s.params;
    switch (s.action) {
      case 'provision-computer': {
        const hosted = system.hosted.get(lower(computer)) ?? [];
        if (hosted.some((id) => isSqlInstanceId(id))) {
          return reference(
            'R-DB step 1',
            'D-DBREC',
            `build a new computer named ${computer}, the failed computer's name`,
          );
        }
        if (isDw) {
          return reference(
            'R-REPLACE-DW precondition',
            'D-OV',
            `build a new computer named ${computer}, the failed computer's name`,
          );
        }
        return replacedLater(index, computer)
          ? {
              procedure: 'R-REPLACE-MS precondition',
              citation: 'D-OV',
              summary: `build a new computer named ${computer}, the failed computer's name`,
            }
          : {
              procedure: 'R-ADD precondition',
              citation: 'P-ADDMSI',
              summary: `build a new computer named ${computer} for a fresh additional management server`,
            };
      }
      case 'install-sql-server':
        return reference(
          'R-DB step 1',
          'D-DBREC',
          `install SQL Server with the original instance name ${p.instance}`,
        );
      case 'enable-clr':
        return reference(
          'R-DB step 4',
          'D-BKDB',
          `enable CLR on the rebuilt instance ${p.instance} (sp_configure 'clr enabled', 1)`,
        );
      case 'restore-database':
        return reference(
          'R-DB step 2',
          'D-DBREC',
          `restore the latest backup of ${p.database} onto its original instance ${p.instance}`,
        );
      case 'run-permissions-script':
        return reference('R-DB step 3', 'D-DBREC', `run the permissions script for ${p.database}`);
      case 'recreate-database':
        return reference(
          'R-DB step 5',
          'D-DBREC',
          `recreate ${p.database} empty: no usable backup exists, so its history is lost (last resort, F13)`,
        );
      case 'restore-encryption-key':
        return isDw
          ? {
              procedure: 'R-REPLACE-DW step 1',
              citation: 'D-RKEY',
              summary: `restore the data warehouse encryption key of ${computer} (SecureStorageBackup) before Setup`,
            }
          : {
              procedure: 'R-REPLACE-MS step 1',
              citation: 'D-MSDR',
              summary: `restore the encryption key of ${computer} (SecureStorageBackup) before Setup`,
            };
      case 'install-management-server': {
        const from = state.components[componentId.managementServer(computer)];
        return from === 'keyRestored'
          ? {
              procedure: 'R-REPLACE-MS steps 2-6',
              citation: 'D-RECMS',
              summary: `run Setup on ${computer} with "Use an existing database" ${p.database}, role ${p.role}`,
            }
          : {
              procedure: 'R-ADD steps 1-5',
              citation: 'P-ADDMSI',
              summary: `install ${computer} as an additional management server on the existing database ${p.database}`,
            };
      }
      case 'install-data-warehouse-server':
        return reference(
          'R-REPLACE-DW steps 2-8',
          'D-RECDW',
          `run data warehouse Setup on ${computer} with the existing ${p.database} and the original Reporting Server URL ${p.reportingUrl}`,
        );
      case 'stop-services':
        return reference('R-PROMOTE step 1', 'D-PROMO', `stop the three SCSM services on ${computer}`);
      case 'clear-health-service-state':
        return reference(
          'R-PROMOTE step 2',
          'D-PROMO',
          `delete the Health Service State folder on ${computer}`,
        );
      case 'promote-workflow-server': {
        const fqdn = system.computers.get(lower(computer))?.fqdn ?? `<FQDN of ${computer}>`;
        return reference(
          'R-PROMOTE step 3',
          'D-PROMO',
          `run EXEC p_PromoteActiveWorkflowServer '${fqdn}' in the ServiceManager database`,
        );
      }
      case 'start-services':
        return reference('R-PROMOTE step 4', 'D-PROMO', `start the three SCSM services on ${computer}`);
      case 'import-management-packs':
        return reference('R-MP', 'D-IMPMP', `import the exported unsealed management packs on ${computer}`);
      case 'backup-encryption-key': {
        const wasAdded = steps
          .slice(0, index)
          .some(
            (earlier, at) =>
              earlier.action === 'install-management-server' &&
              lower(earlier.params.computer ?? '') === lower(computer) &&
              before[at]!.components[componentId.managementServer(computer)] !== 'keyRestored',
          );
        return wasAdded
          ? {
              procedure: 'R-ADD step 6',
              citation: 'P-ADDMSI',
              summary: `back up the new encryption key of ${computer}`,
            }
          : {
              procedure: 'key backup after Setup (invariant 23)',
              citation: 'D-BKKEY',
              summary: `back up the encryption key of the reinstalled ${computer}`,
            };
      }
      case 'register-data-warehouse':
        return reference(
          'R-DWREG steps 1-4',
          'P-REG',
          `register ${p.managementGroup} with the data warehouse ${p.dataWarehouse} (hours; stop no service meanwhile)`,
        );
      default:
        return { procedure: 'manual', citation: 'D-OV', summary: s.action };
    }
  });
}
