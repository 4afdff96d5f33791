import { type ModelSystem, verdictMessage } from '../models/system.js';
import type { Scenario } from '../plan/types.js';
import { judgeScenario } from '../simulator/execute.js';
import type { ExecutionOutcome, ScenarioExecutor } from './check.js';
import { missingDependencies } from './order-analysis.js';

/** The computer a component id such as `ms:SM01` or `dw:DW01` names, if it names one. */
function computerOf(component: string): string | undefined {
  const [kind, name] = component.split(':');
  return kind === 'ms' || kind === 'dw' || kind === 'computer' ? name : undefined;
}

/**
 * The step a final-state reason is best located at, so the finding points at the line a user
 * would change: a missing follow-up (`import-management-packs`, `backup-new-server-key`) at the
 * Setup it should follow, a missing re-added server (`restore-redundancy`) at the promotion.
 * Everything else stays at the scenario.
 */
function locateReason(scenario: Scenario, ruleId: string, component: string): number | undefined {
  const lastIndex = (
    predicate: (action: string, computer: string | undefined) => boolean,
  ): number | undefined => {
    for (let index = scenario.steps.length - 1; index >= 0; index--) {
      const step = scenario.steps[index]!;
      if (predicate(step.action, step.params.computer?.toUpperCase())) return index;
    }
    return undefined;
  };
  const computer = computerOf(component)?.toUpperCase();
  switch (ruleId) {
    case 'import-management-packs':
    case 'backup-new-server-key':
      return lastIndex(
        (action, target) =>
          (action === 'install-management-server' || action === 'install-data-warehouse-server') &&
          (computer === undefined || target === computer),
      );
    case 'restore-redundancy':
      return lastIndex((action) => action === 'promote-workflow-server');
    default:
      return undefined;
  }
}

/**
 * The executor `check` uses: runs a scenario on the component models and reports its step
 * violations and final-state reasons. This is a pure function of the system and scenario.
 */
export function modelExecutor(system: ModelSystem): ScenarioExecutor {
  const execute = (scenario: Scenario): ExecutionOutcome => {
    const execution = judgeScenario(system, scenario);
    return {
      steps: execution.violations.map((entry) => ({
        index: entry.index,
        violations: entry.violations.map((violation) => ({
          ruleId: violation.ruleId,
          message: violation.message,
        })),
      })),
      final: execution.verdict.reasons.map((reason) => {
        const stepIndex = locateReason(scenario, reason.ruleId, reason.component);
        return {
          ruleId: reason.ruleId,
          message: verdictMessage(reason),
          ...(stepIndex === undefined ? {} : { stepIndex }),
        };
      }),
      recovered: execution.verdict.recovered,
      historyLost: execution.verdict.historyLost,
    };
  };
  // The orders a parallel scenario's dependencies allow are judged on the same models.
  return Object.assign(execute, {
    analyseOrder: (scenario: Scenario) => missingDependencies(system, scenario),
  });
}
