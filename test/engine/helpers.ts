/** Shared helpers of the engine tests: generated environments and a grounded action alphabet. */
import { type GenerateOptions, generateEnvironment } from '../../src/engine/generate.js';
import { loadEnvironmentText } from '../../src/environment/load.js';
import type { Environment } from '../../src/environment/types.js';
import type { Loss, ModelAction } from '../../src/models/system.js';

/** Loads a generated environment, failing the test on any load error. */
export function generated(options: GenerateOptions): Environment {
  const result = loadEnvironmentText(generateEnvironment(options), 'generated.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 1));
  return result.value;
}

/** Every computer lost. */
export function lossOfAll(env: Environment): Loss {
  return { computers: env.computers.map((computer) => computer.name), databases: [], sites: [] };
}

/**
 * Every documented action grounded on the environment's declared names, legal or not (the
 * models judge): the alphabet of the random sequences. Keys are always a server's own
 * (`from` is the engine's move generator's choice too).
 */
export function alphabet(env: Environment): ModelAction[] {
  const out: ModelAction[] = [];
  const add = (action: string, params: Record<string, string>) => out.push({ action, params });
  for (const computer of env.computers) add('provision-computer', { computer: computer.name });
  for (const instance of env.sqlInstances) {
    add('install-sql-server', { instance: instance.id });
    add('enable-clr', { instance: instance.id });
  }
  for (const database of env.databases) {
    add('restore-database', { database: database.name, instance: database.instance });
    add('recreate-database', { database: database.name });
    add('run-permissions-script', { database: database.name });
  }
  for (const group of env.managementGroups) {
    if (group.type === 'service-manager') {
      for (const computer of group.managementServers) {
        for (const role of ['workflow', 'additional'])
          add('install-management-server', { computer, database: group.database, role });
      }
    } else {
      add('install-data-warehouse-server', {
        computer: group.managementServer,
        database: group.databases.staging,
        reportingUrl: group.reportingServer?.url ?? `http://${group.managementServer}/ReportServer`,
      });
      if (group.registeredWith !== undefined)
        add('register-data-warehouse', { managementGroup: group.registeredWith, dataWarehouse: group.name });
    }
  }
  for (const server of env.managementServers) {
    const computer = server.computer;
    for (const action of [
      'restore-encryption-key',
      'stop-services',
      'start-services',
      'clear-health-service-state',
      'promote-workflow-server',
      'import-management-packs',
      'backup-encryption-key',
    ])
      add(action, { computer });
  }
  return out;
}

/** The fast-check seed of a test file, printed so a failure can be replayed. */
export function seedOf(): number {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  console.log(`fast-check seed ${seed}`);
  return seed;
}
