/**
 * The verdict's reasons in words: the one place that says what each code of `VerdictCause`
 * means. Findings carry their message (a finding is data with a sentence), so `check`, the
 * drill and the simulator word the reasons they turn into findings here, and the score's
 * reasons, which stay codes up to the report, are worded here by `src/report/reasons.ts`.
 */
import { compiledMachine } from './compile.js';
import { isServiceManagerGroupId, kindOf, labelOf, nameOf } from './ids.js';
import type { VerdictReason } from './system-types.js';

/**
 * A verdict reason in words, naming the component and the step that would mend it. This is a
 * pure function.
 */
export function verdictMessage(reason: VerdictReason): string {
  const id = reason.component;
  switch (reason.code) {
    case 'permissions-script-missing':
      return `${labelOf(id)} was restored but the permissions script was never run on it; add \`run-permissions-script database=${nameOf(id)}\` after its restore`;
    case 'clr-awaited': {
      const { instance } = reason.args;
      return `${labelOf(id)} waits for CLR to be enabled on the rebuilt instance ${instance}; add \`enable-clr instance=${instance}\` after \`install-sql-server\``;
    }
    case 'clr-never-enabled':
      return `${labelOf(id)} was rebuilt but CLR was never enabled on it; add \`enable-clr instance=${nameOf(id)}\` after \`install-sql-server\``;
    case 'not-operational': {
      // The state's own description, from the machine that defines it.
      const machine = compiledMachine(kindOf(id));
      const meta = machine.leafMeta[machine.leafIndex.get(reason.args.state) ?? -1];
      return `${labelOf(id)} is not operational: ${meta?.description ?? 'left in a state no document describes'}${
        meta?.ruleId !== undefined && meta.ruleId !== 'scenario-recovered' ? ` [${meta.ruleId}]` : ''
      }; add the steps that bring it back (\`scsm-dr plan\` proposes them) or change the one that broke it`;
    }
    case 'registration-lost': {
      const { group, registeredWith } = reason.args;
      return `${group} is no longer registered with ${registeredWith}; add \`register-data-warehouse managementGroup=${registeredWith} dataWarehouse=${group}\` (P-REG)`;
    }
    case 'workflow-server-count': {
      const { group, active } = reason.args;
      return `${group} ends with ${active.length} operational workflow servers${
        active.length > 0 ? ` (${active.join(', ')})` : ''
      }; exactly one is required: ${
        active.length === 0
          ? 'add `promote-workflow-server` for an additional server, or replace the workflow server'
          : 'remove the extra workflow Setup or promotion'
      }`;
    }
    case 'redundancy-not-restored':
      return `after the promotion in ${reason.args.group} no additional management server was re-added (R-ADD); add \`provision-computer\` and \`install-management-server … role=additional\` for the lost server`;
    case 'management-packs-not-imported':
      return isServiceManagerGroupId(id)
        ? `the ServiceManager database of ${nameOf(id)} was restored but no import-management-packs followed; add \`import-management-packs\` on its workflow server after the restore`
        : `${labelOf(id)} was replaced by Setup but no import-management-packs ran on it afterwards; add \`import-management-packs ${nameOf(id)}\` after its Setup`;
    case 'key-not-backed-up':
      return `Setup installed ${labelOf(id)} but its encryption key was not backed up afterwards; add \`backup-encryption-key ${reason.args.computer}\` after its Setup`;
  }
}
