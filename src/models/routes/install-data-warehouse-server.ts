/** `install-data-warehouse-server`: Runs data warehouse Setup on a computer (R-REPLACE-DW). */
import { key } from '../ids.js';
import { happened, needComputer, param, type Router, sameUrl } from '../router.js';
import type { ModelAction } from '../system-types.js';
import type { Route } from './route.js';

export const installDataWarehouseServer: Route = (r: Router, action: ModelAction): undefined => {
  const computer = needComputer(r, action);
  if (computer === undefined) return;
  const databaseName = param(action, 'database');
  const declared = r.server(computer);
  const id = declared === undefined ? r.slot('dw', computer) : (r.serverId(computer) as string);
  const group =
    r.dwGroupOf(computer) ??
    [...r.system.dwGroups.values()].find(
      (g) => databaseName !== undefined && key(g.databases.staging) === key(databaseName),
    ) ??
    [...r.system.dwGroups.values()][0];
  const existingDatabase =
    group !== undefined && databaseName !== undefined && key(group.databases.staging) === key(databaseName);
  const url = param(action, 'reportingUrl');
  const original = group?.reportingServer?.url;
  // With no recorded original URL there is nothing to compare: the readiness rules report
  // the missing record (B7); the step is not blamed for it.
  const originalReportingUrl = original === undefined || (url !== undefined && sameUrl(url, original));
  r.subject = id;
  const sent = r.send(
    id,
    'install-data-warehouse-server',
    {
      existingDatabase,
      databaseOnline: existingDatabase && r.databaseOnline(group?.databases.staging),
      originalReportingUrl,
      originalName: declared !== undefined,
    },
    {
      database: databaseName ?? '(none)',
      reportingUrl: url ?? '(none)',
      ...(original === undefined ? {} : { originalUrl: original }),
    },
  );
  if (!happened(sent)) return;
  if (existingDatabase) r.use(group?.databases.staging);
  if (sent.to === 'operational') r.notes.awaitingKeyBackup.add(computer);
  return;
};
