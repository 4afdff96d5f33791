/**
 * The rule catalog: the metadata of every rule of docs/rules/README.md, in that order (23 plan rules, then
 * 16 environment rules, then the 5 evidence rules). It is the single table behind `scsm-dr rules`, the SARIF rule
 * descriptors, the JUnit test names and the pages under `docs/rules/`.
 *
 * Citation keys refer to the domain notes (§0 lists them); `[inference]` marks a deduction
 * of the domain notes that no document states.
 *
 * Every plan rule says where it is enforced (`enforcedBy`), as clauses separated by `; `:
 * - `machine: source --event--> target`: a transition of a machine of `src/models` whose meta
 *   carries the rule id. `machine` is the machine's id (`managementServer`, `database`, …),
 *   `source` the dotted path of the state node that defines the transition, or a set of them
 *   (`{provisioned, keyRestored}`), and `target` the dotted path of the state it enters, or
 *   `(no change; violation on the transition)` when the model rejects the action in place;
 * - `system: verdict (…)`: a reason of the final-state verdict of `src/models/verdict.ts`;
 * - `system: step (…)`: the system's routing of a step, not a single machine transition;
 * - `check: …`: `checkPlan` itself (references, durations, coverage).
 * `test/check/enforced-by.test.ts` checks every clause against the machine definitions.
 *
 * Every rule also names the files that implement it (`sources`) and its test (`test`), so that
 * a rule's logic, test and page (`docs/rules/<id>.md`) are found from its id alone;
 * `test/rules/catalog.test.ts` proves each file exists and names the id. The plan rules are not
 * files of their own: the models enforce them (their machines' transitions and the verdict),
 * and `checkPlan` the few it judges itself, so `sources` lists those files.
 */
import type { RuleMeta } from './types.js';

/**
 * A catalog entry as written: `sources` and `test` may be left out where they follow the
 * layout (an environment rule is `src/rules/environment/<id>.ts`, a rule's test
 * `test/rules/<plan|environment>/<id>.test.ts`); `RULES` fills them in.
 */
type Definition = Omit<RuleMeta, 'sources' | 'test'> & Partial<Pick<RuleMeta, 'sources' | 'test'>>;

const DEFINITIONS: readonly Definition[] = [
  // ---------------------------------------------------------------------------------------
  // Plan rules
  // ---------------------------------------------------------------------------------------
  {
    id: 'key-restored-before-setup',
    category: 'plan',
    title: 'Restore the encryption key before Setup on a replacement server',
    severity: 'error',
    citations: ['D-MSDR', 'D-RKEY', 'D-OV', 'D-BKMS'],
    rationale:
      'When a failed management server is replaced, "your first step must be to restore the encryption key before you start the management server setup" [D-MSDR], and the restore wizard is run "before you run Setup.exe" [D-RKEY]. Both replacement paths, for the Service Manager management server and for the data warehouse management server, put the key restore between provisioning the same-named computer and Setup [D-OV]. Without that restore the new server would not hold the key that matches the one kept in the existing databases [D-BKMS] [inference], and the documents describe no way to repair a Setup run too early (failure mode F7).',
    remediation:
      'Insert a `restore-encryption-key` step for the computer, from its own backup, after `provision-computer` and before `install-management-server` or `install-data-warehouse-server`; if the plan already restores the key, move that step above the Setup step.',
    documentationGap:
      "The documents do not say what happens when Setup runs before the key restore (F7), nor whether a lost additional management server can be rebuilt under its old name without its own key backup (F2, open question 3). The rule reports a Setup step without a prior key restore whenever it replaces a workflow server or a data warehouse management server, and any key restore that comes after Setup on the same computer; installing a fresh additional management server (R-ADD) needs no key restore. [inference] A `role: additional` Setup on a rebuilt computer under its old name (a lost additional server rebuilt, or the old workflow server re-added after a promotion) is not reported, not even as a warning. This is the conservative choice because it keeps the plan on documented steps: the only documented way to bring an additional server back is R-ADD, whose Setup (P-ADDMSI) asks for no key and ends by offering the key backup wizard, and the recovery the domain notes give for F2 is exactly that, R-ADD followed by a backup of the new key. A warning would fire on that documented path in every promotion scenario, and the step it would ask for, restoring the old key before an additional Setup, is itself described nowhere. What the documents do require, backing up the new server's key after Setup, is enforced by `backup-new-server-key`.",
    enforcedBy:
      'managementServer: provisioned --install-management-server--> broken.setupBeforeKeyRestore; dataWarehouseServer: provisioned --install-data-warehouse-server--> broken.setupBeforeKeyRestore; managementServer: {operational, servicesStopped, healthStateCleared, promoted} --restore-encryption-key--> (no change; violation on the transition); dataWarehouseServer: {operational, servicesStopped} --restore-encryption-key--> (no change; violation on the transition)',
    sources: ['src/models/management-server.ts', 'src/models/data-warehouse-server.ts'],
  },
  {
    id: 'same-computer-name',
    category: 'plan',
    title: 'Rebuild a lost management server under its original computer name',
    severity: 'error',
    citations: ['D-OV', 'D-BKMS', 'N-LAB'],
    rationale:
      'A replacement Service Manager management server, and the only recovery path of the data warehouse management server, "Start with a new computer that has the same computer name as the computer that failed" [D-OV]. The management server names are "stored in the associated databases", so recovery is "based on restoring a computer that has the same computer name" [D-BKMS], and the SdkResourceStore table holds the management server name [N-LAB]. A replacement under another name is unsupported (failure mode F8).',
    remediation:
      "Provision the replacement computer with the failed server's NetBIOS name (SM01, not SM03), restore that server's key on it and run Setup there. If the original name cannot be reused, promote an additional Service Manager management server instead and add the new computer later as an additional management server, then declare it in environment.yaml in place of the lost one (until then `scenario-recovered` reports the declared server as not operational); a data warehouse management server has no such alternative.",
    enforcedBy:
      'managementServer: provisioned --restore-encryption-key--> broken.differentComputerName; dataWarehouseServer: provisioned --restore-encryption-key--> broken.differentComputerName',
    sources: ['src/models/management-server.ts', 'src/models/data-warehouse-server.ts'],
  },
  {
    id: 'same-sql-instance',
    category: 'plan',
    title: 'Rebuild SQL hosts and restore databases under the original computer and SQL instance names',
    severity: 'error',
    citations: ['D-DBREC', 'D-OV', 'P-MVSM', 'N-MOVE'],
    rationale:
      'Database recovery needs "a new computer with the same computer name and with the same SQL Server instance as the computer that failed", and the databases are restored "using the same instance name as the original" [D-OV]; the new computer "must" get the same name and instance name [D-DBREC]. The management servers find their databases through registry values and server-name tables that record the original instance [P-MVSM], so a database restored anywhere else is not found (failure mode F9).',
    remediation:
      'Install SQL Server on the rebuilt computer with the original instance name (`instance: SQL01` for a default instance, `instance: DWSQL01\\DW` for a named one) and restore each database onto the instance the environment declares for it. Moving a database to another server is a planned change (R-MOVE), not a recovery step.',
    documentationGap:
      'The disaster recovery guide has no procedure for restoring onto a different server or instance name. The nearest documented path is the database move (R-MOVE), which N-MOVE offers for "restore functionality in a failure scenario" [N-MOVE], but it needs registry and table edits on every management server that the plan format cannot express. The rule therefore rejects every restore onto an instance other than the declared one, and every `install-sql-server` that rebuilds a lost host under another instance name; such an install is executed with the new name [inference: the documents do not describe what follows it], so that what the later steps do on the renamed instance is reported too.',
    enforcedBy:
      'database: lost --restore-database--> broken.wrongInstance; sqlInstance: provisioned --install-sql-server--> broken.differentInstanceName',
    sources: ['src/models/sql-instance.ts', 'src/models/database.ts'],
  },
  {
    id: 'matching-encryption-key',
    category: 'plan',
    title: 'Restore the encryption key that was backed up from the server being recovered',
    severity: 'error',
    citations: ['D-GUIDE', 'D-OV', 'D-BKMS', 'D-RKEY'],
    rationale:
      '"The encryption keys on the Service Manager management server and data warehouse management server are different and each must be backed up" [D-GUIDE]. Each replacement path restores "the encryption key that you saved from the original" server [D-OV], because each management server keeps its key in its registry and a matching key lives in the databases [D-BKMS]. Restoring the data warehouse key on a Service Manager management server, or the reverse, breaks that match (failure mode F6).',
    remediation:
      "Give `restore-encryption-key` the backup of the server being rebuilt: omit `from` (it defaults to the step's computer) or set it to that same server, and keep the key files of the Service Manager and data warehouse management servers under distinct names.",
    documentationGap:
      "The documents do not say whether an additional Service Manager management server has its own key or shares the initial server's key (open question 3), nor what happens when a wrong key is restored (F6). The rule accepts only the key of the same server: a key from a server of the other kind, from another management group, or from another declared server is an error. A lost server's key restored on a computer with another name is reported as `same-computer-name` instead.",
    enforcedBy:
      'managementServer: {provisioned, keyRestored} --restore-encryption-key--> broken.wrongKey; dataWarehouseServer: {provisioned, keyRestored} --restore-encryption-key--> broken.wrongKey',
    sources: ['src/models/management-server.ts', 'src/models/data-warehouse-server.ts'],
  },
  {
    id: 'database-before-setup',
    category: 'plan',
    title: 'Bring the database online before recovering a management server',
    severity: 'error',
    citations: ['D-STRAT', 'D-BKMS', 'D-RECMS', 'D-RECDW', 'D-PROMO'],
    rationale:
      '"You must have a functioning database to restore a failed management server" [D-STRAT]. Replacement Setup must select "Use an existing database": ServiceManager for a Service Manager management server, DWStagingAndConfig for the data warehouse management server [D-BKMS] [D-RECMS] [D-RECDW]. Promotion runs `p_PromoteActiveWorkflowServer` inside the ServiceManager database [D-PROMO], so a plan that installs or promotes a management server while its database is lost or not yet restored cannot work.',
    remediation:
      'In a combined failure, rebuild the database first (`provision-computer`, `install-sql-server`, `enable-clr`, `restore-database`, `run-permissions-script`) and only then run `restore-encryption-key` and `install-management-server`, `install-data-warehouse-server` or `promote-workflow-server`.',
    documentationGap:
      'The documents require a functioning database but do not give the order of steps in a combined failure: restoring the database first is an [inference] of the domain notes (invariant 6), and so is the claim that promotion is impossible while the ServiceManager database is down (F16). The rule applies both: every Setup or promotion step must find its database online.',
    enforcedBy:
      'managementServer: {provisioned, keyRestored} --install-management-server--> broken.setupWithoutDatabase; dataWarehouseServer: keyRestored --install-data-warehouse-server--> broken.setupWithoutDatabase; managementServer: healthStateCleared.additional --promote-workflow-server--> (no change; violation on the transition)',
    sources: ['src/models/management-server.ts', 'src/models/data-warehouse-server.ts'],
  },
  {
    id: 'promotion-requires-additional-server',
    category: 'plan',
    title: 'Promote only a surviving additional management server of the same group',
    severity: 'error',
    citations: ['D-OV', 'D-PROMO', 'P-ADDMS'],
    rationale:
      'Promotion is offered only "if an additional management server exists" [D-OV], and the procedure runs on that secondary server itself: its services are stopped and restarted and its FQDN is passed to `p_PromoteActiveWorkflowServer` [D-PROMO]. An additional server joins the group by pointing Setup at the same ServiceManager database [P-ADDMS]; a computer that is lost, not yet rebuilt, or hosts no Service Manager management server of that group has nothing to promote (failure mode F1).',
    remediation:
      'Promote a surviving additional management server of the group (SM02 when SM01 is lost). If the group has none, replace the workflow server instead: provision a computer with the same name, restore its key, then run Setup against the existing ServiceManager database.',
    enforcedBy:
      'managementServer: {operational.workflow, servicesStopped.workflow, healthStateCleared.workflow, lost, provisioned, keyRestored, unrecoverable} --promote-workflow-server--> (no change; violation on the transition)',
    sources: ['src/models/management-server.ts'],
  },
  {
    id: 'promotion-order',
    category: 'plan',
    title: 'Stop services, clear Health Service State, promote, then start services',
    severity: 'error',
    citations: ['D-PROMO', 'N-IMPL'],
    rationale:
      'D-PROMO fixes the order on the promoted server: stop the three services (System Center Data Access Service, System Center Management or Microsoft Monitoring Agent, System Center Management Configuration), delete the Health Service State folder, run `EXEC p_PromoteActiveWorkflowServer \'<FQDN of your server>\'` in the ServiceManager database, then start the three services [D-PROMO]; the current pages repeat the same steps [N-IMPL]. Only after the restart is the server "now the primary management server for the management group" [D-PROMO].',
    remediation:
      'On the promotion target, order the steps `stop-services`, `clear-health-service-state`, `promote-workflow-server`, `start-services`, all with the same `computer`, and add any of the four that is missing.',
    documentationGap:
      'D-PROMO gives the order but not the outcome of skipping the service stop or the Health Service State deletion (F19). The rule treats any other order as an error, because it leaves the promoted server in a state no document describes.',
    enforcedBy:
      'managementServer: operational --clear-health-service-state--> broken.healthStateClearedWhileRunning; managementServer: operational.additional --promote-workflow-server--> broken.promotedWhileRunning; managementServer: servicesStopped.additional --promote-workflow-server--> broken.promotedWithoutClearingHealthState',
    sources: ['src/models/management-server.ts'],
  },
  {
    id: 'data-warehouse-replace-only',
    category: 'plan',
    title: 'Recover a data warehouse management server only by replacing it',
    severity: 'error',
    citations: ['D-OV', 'D-RECDW', 'P-DWOV'],
    rationale:
      '"Only one recovery scenario is possible for the data warehouse management server": a new computer with the same name, the data warehouse key restored, and Setup run against the existing DWStagingAndConfig database [D-OV] [D-RECDW]. The data warehouse "is actually its own management group" with a single management server [P-DWOV], so there is no additional server to promote, and `p_PromoteActiveWorkflowServer` works on the ServiceManager database, not on the data warehouse.',
    remediation:
      'Never promote the data warehouse management server, and never rebuild its computer as a Service Manager management server. Recover a lost data warehouse management server with the R-REPLACE-DW sequence on its original computer name (`provision-computer`, `restore-encryption-key`, `install-data-warehouse-server` with `database: DWStagingAndConfig` and the original `reportingUrl`); recover a lost workflow server by promoting an additional Service Manager management server or by replacing it.',
    documentationGap:
      'The documents give no outcome for deleting the Health Service State folder on the data warehouse management server: D-PROMO describes that step only as part of promoting a Service Manager management server, and no data warehouse procedure (R-REPLACE-DW, the database move) contains it. [inference] The rule reports `clear-health-service-state` on the data warehouse management server as an error, because the only documented reason for the step is a promotion, which the data warehouse does not have (P-DWOV); the conservative choice is to keep a runbook from doing something no data warehouse procedure does. The step changes nothing in the models, so the steps after it are judged as if it had not run.',
    enforcedBy:
      'dataWarehouseServer: {operational, servicesStopped} --promote-workflow-server--> broken.promoted; dataWarehouseServer: {provisioned, keyRestored} --install-management-server--> broken.serviceManagerSetup; dataWarehouseServer: {lost, provisioned, keyRestored, unrecoverable} --promote-workflow-server--> (no change; violation on the transition); dataWarehouseServer: {operational, servicesStopped} --install-management-server--> (no change; violation on the transition); dataWarehouseServer: {operational, servicesStopped, lost, provisioned, keyRestored} --clear-health-service-state--> (no change; violation on the transition)',
    sources: ['src/models/data-warehouse-server.ts'],
  },
  {
    id: 'permissions-after-restore',
    category: 'plan',
    title: 'Run the permissions script after every database restore',
    severity: 'error',
    citations: ['D-DBREC', 'D-BKDB', 'D-SQLSCR', 'P-MVDW'],
    rationale:
      'After the SQL restore, database recovery runs the permissions script generated beforehand: "You use this script to restore permissions for the recreated database" [D-DBREC] [D-BKDB] [D-SQLSCR]. Without that step the logins and database roles of the services, reporting and Analysis Services accounts are not in place, and they would have to be recreated by hand from the role lists in the move documents [P-MVDW] (failure mode F11).',
    remediation:
      'Add `run-permissions-script` for each restored database directly after its `restore-database` step, and before any step that installs, promotes or starts a management server that uses it.',
    documentationGap:
      'D-DBREC and N-IMPL point to "Backing Up Unsealed Management Packs" for the script, but it is produced with the SQL Script Wizard in "Backing Up Service Manager Databases" (open question 9). The documents also do not distinguish a restore onto a surviving instance, whose logins still exist, from one onto a rebuilt instance; the rule requires the script after every `restore-database`.',
    enforcedBy:
      'database: restored --use--> (no change; violation on the transition); system: verdict (a database left restored without its permissions script)',
    sources: ['src/models/database.ts', 'src/models/verdict.ts'],
  },
  {
    id: 'clr-after-sql-rebuild',
    category: 'plan',
    title: 'Enable CLR on a rebuilt SQL Server instance before it serves SCSM',
    severity: 'error',
    citations: ['D-BKDB', 'P-MVDW', 'N-LAB', 'N-MOVE'],
    rationale:
      'SCSM Setup enabled CLR only on the SQL Server instances it installed databases on; when the databases are restored to another SQL Server "you must enable CLR manually" [D-BKDB] (failure mode F10). The move procedures do the same with `sp_configure \'clr enabled\', 1`, together with `ALTER DATABASE … SET ENABLE_BROKER` [P-MVDW] [N-LAB] [N-MOVE].',
    remediation:
      'After `install-sql-server` on a rebuilt computer, add `enable-clr` for that instance before any management server is installed, promoted or started against its databases.',
    documentationGap:
      'D-BKDB asks for the manual CLR step when the target is a different SQL Server computer; it does not say whether a rebuilt host with the same name and instance (the R-DB path) needs it. [inference] CLR is an instance setting that a fresh SQL Server installation has disabled whatever the computer is called, so the rule also requires `enable-clr` after every `install-sql-server` on a host rebuilt under its own name whose instance will host SCSM databases. This is the conservative choice: enabling CLR on an instance where it is already on is harmless, while a rebuilt instance without it leaves the SCSM databases unusable (F10).',
    enforcedBy:
      'sqlInstance: installed --use--> (no change; violation on the transition); system: verdict (an instance left installed without CLR, or a database awaiting CLR)',
    sources: ['src/models/sql-instance.ts', 'src/models/verdict.ts'],
  },
  {
    id: 'staging-repository-same-instance',
    category: 'plan',
    title: 'Restore DWStagingAndConfig and DWRepository onto the same SQL instance',
    severity: 'error',
    citations: ['P-MVDW', 'P-4CDW'],
    rationale:
      'DWStagingAndConfig and DWRepository "must reside on the same instance" [P-4CDW]. For a restore the move documents are explicit: they "have to be restored on the same instance", and "Restoring them on a separate instances … is not supported" [P-MVDW]. A plan that puts them on different instances produces a data warehouse outside every supported configuration (failure mode F14).',
    remediation:
      'Restore both databases onto the one instance the environment declares for them (for example `DWSQL01\\DW`), rebuilding that instance first if it was lost. If environment.yaml itself puts them on different instances (`staging-repository-split`), no restore satisfies both this rule and `same-sql-instance`: first move DWRepository to the instance of DWStagingAndConfig with the data warehouse move procedure (R-MOVE) and declare it there.',
    enforcedBy:
      'database: lost --restore-database--> broken.stagingRepositorySplit; system: step (a restore of DWStagingAndConfig or DWRepository onto another instance than its own, away from its partner, reported beside same-sql-instance)',
    sources: ['src/models/database.ts', 'src/models/routes/restore-database.ts'],
  },
  {
    id: 'original-reporting-url',
    category: 'plan',
    title: 'Reinstall the data warehouse with the original Reporting Server URL',
    severity: 'error',
    citations: ['D-RECDW', 'P-MVDW'],
    rationale:
      'On the Configure the reporting server page of the replacement Setup, "You must use the original URL for the Reporting Server" [D-RECDW]. The SSRS data sources and the `WebServiceURL` registry value of the data warehouse management server record that URL [P-MVDW], so a replacement with another URL is unsupported (failure mode F21).',
    remediation:
      'Set `reportingUrl` of `install-data-warehouse-server` to the URL the environment records in `reportingServer.url` (for example `http://dw01/ReportServer`), and keep that URL with the plan before a disaster (B7).',
    enforcedBy:
      'dataWarehouseServer: keyRestored --install-data-warehouse-server--> broken.reportingUrlChanged',
    sources: ['src/models/data-warehouse-server.ts'],
  },
  {
    id: 'import-management-packs',
    category: 'plan',
    title: 'Import the unsealed management packs after recovering Service Manager',
    severity: 'warning',
    citations: ['N-IMPL', 'D-IMPMP', 'D-BKMP'],
    rationale:
      'After a management server is restored, "the next step is to import unsealed management packs" from the export taken beforehand [N-IMPL] [D-IMPMP], the export the guide keeps "on a separate physical computer" [D-BKMP]. Unsealed management packs hold the customisations of this installation. The management group runs without the import, so the rule is a warning, but customisations made after the last database backup may be missing [inference].',
    remediation:
      'Add `import-management-packs` on the recovered Service Manager management server after its `install-management-server` (or, after a database restore, its `start-services`) step, importing the latest off-host export.',
    documentationGap:
      'The documents list the import after every management server recovery but do not say what it repairs when the ServiceManager database survived; the domain notes read it as bringing back customisations newer than the database backup [inference]. The rule expects the import in every scenario that replaces a Service Manager management server or restores the ServiceManager database, and not after a promotion alone.',
    enforcedBy:
      'system: verdict (a Setup from keyRestored, or a restore of the ServiceManager database, with no import-management-packs after it)',
    sources: ['src/models/verdict.ts'],
  },
  {
    id: 'backup-new-server-key',
    category: 'plan',
    title: 'Back up the encryption key of every server the plan installs',
    severity: 'warning',
    citations: ['D-BKKEY', 'P-ADDMSI', 'N-KEY', 'D-GUIDE'],
    rationale:
      'The key is backed up "as soon as you complete the Service Manager installation" [D-BKKEY], and every Setup, including that of an additional management server, ends with "Open the Encryption Backup or Restore Wizard" checked [P-ADDMSI] [N-KEY]. A server installed during recovery without a key backup is running now but cannot be replaced the next time it fails, because the keys "each must be backed up" [D-GUIDE].',
    remediation:
      'Add `backup-encryption-key` for the computer after each `install-management-server` and `install-data-warehouse-server` step, store the new file off-host and escrow its password.',
    documentationGap:
      'The documents do not say whether Setup run on a restored key keeps that key, so whether the old backup still fits a replaced server is undocumented (open questions 1 and 3). The rule asks for a new backup after every install, replacements included.',
    enforcedBy: 'system: verdict (a Setup, replacements included, with no backup-encryption-key after it)',
    sources: ['src/models/verdict.ts'],
  },
  {
    id: 'single-workflow-server',
    category: 'plan',
    title: 'Keep exactly one workflow server in each Service Manager management group',
    severity: 'error',
    citations: ['W-TARGET', 'D-PROMO', 'W-NLB'],
    rationale:
      'The platform makes sure "a workflow runs on exactly one server" by binding workflows to the active workflow server [W-TARGET], workflows cannot be load-balanced [W-NLB], and the documented way to move the role is `p_PromoteActiveWorkflowServer` [D-PROMO]. A plan that installs a second server with `role: workflow`, such as the old primary rebuilt as workflow server after a promotion, or that ends with no workflow server, leaves the group outside that model.',
    remediation:
      'After a promotion, rebuild the failed primary with `role: additional`; use `role: workflow` only when the workflow server itself is replaced and nothing was promoted. To move the role back later, run the promotion procedure on the original server.',
    documentationGap:
      'No document covers the old primary after a promotion: how to remove it, how to demote it if it returns, or how to tell which server currently holds the workflow role (F17, open question 5). The rule relies on the [inference] of the domain notes that the old primary must stay offline or be rebuilt as an additional management server.',
    enforcedBy:
      'serviceManagerGroup: {active, noWorkflowServer} --workflow-count--> broken.severalWorkflowServers; system: verdict (a group that ends with no operational workflow server, or with several)',
    sources: ['src/models/management-group.ts', 'src/models/verdict.ts'],
  },
  {
    id: 'restore-redundancy',
    category: 'plan',
    title: 'Re-add an additional management server after a promotion',
    severity: 'warning',
    citations: ['D-OV', 'P-ADDMSI', 'P-ADDMS', 'N-PROD'],
    rationale:
      'The promotion path of D-OV has two parts: promote the additional server "and then add another management server later", installing it "When a replacement server is available" [D-OV] [P-ADDMSI]. Additional servers are deployed "as part of your disaster recovery strategy" [P-ADDMS]; a group whose only additional server was promoted has none left, so the next loss of the workflow server can only be recovered by replacement. The service is restored either way, so the rule is a warning.',
    remediation:
      'Append the R-ADD steps to the scenario: `provision-computer`, `install-management-server` with `role: additional` against ServiceManager, `backup-encryption-key`, and a `manual` step to re-apply the data retention settings, which "are reset" by that install [N-PROD].',
    enforcedBy: 'system: verdict (a group with a promotion and no operational additional server at the end)',
    sources: ['src/models/verdict.ts'],
  },
  {
    id: 'scenario-recovered',
    category: 'plan',
    title: 'Leave every lost component operational after the last step',
    severity: 'error',
    citations: ['D-OV', 'D-DBREC', 'D-RECMS', 'D-RECDW', 'D-PROMO'],
    rationale:
      'Each recovery path of D-OV ends with the component running again: the databases restored on their original instance, a management server reinstalled under its name against the existing database, or the additional server "now the primary management server" [D-OV] [D-DBREC] [D-RECMS] [D-RECDW] [D-PROMO]. A scenario that ends before every server, SQL instance and database of the environment is operational again (databases online, services started, the data warehouse still registered) does not recover that loss, however correct its individual steps are; a lost workflow server whose role was promoted away must itself come back, as an additional server.',
    remediation:
      'Add the steps the finding names for each component that is still down, for example `restore-database` for a database never restored, `start-services` for a server stopped and never started, or `register-data-warehouse` after a recreated DWStagingAndConfig; `scsm-dr plan <environment> --lost <computer>` synthesises a complete sequence to compare against.',
    enforcedBy:
      'system: verdict (a server, instance or database not operational at the end, or a lost data warehouse registration)',
    sources: ['src/models/verdict.ts'],
  },
  {
    id: 'step-precondition',
    category: 'plan',
    title: 'Run each step only when its target is ready for it',
    severity: 'error',
    citations: ['D-OV', 'D-DBREC', 'D-RECMS', 'D-PROMO'],
    rationale:
      'Every documented procedure starts from a precondition: the databases are restored on "a new computer with the same computer name and with the same SQL Server instance", Setup runs on a computer that exists, and promotion runs on an installed additional server [D-OV] [D-DBREC] [D-RECMS] [D-PROMO]. A step whose target is not in a state where the action is possible, such as an install on a computer that was never provisioned or a restore onto an instance that is not installed, achieves nothing, and the steps after it rely on a result that does not exist.',
    remediation:
      'Insert the missing earlier step (`provision-computer` before `install-sql-server` or any Setup, `install-sql-server` before `restore-database`, Setup before `start-services`), or move the step after the one that makes its target ready; the trace of the finding shows the state of the target at the failing step.',
    enforcedBy:
      'computer: {up, provisioned} --provision-computer--> (no change; violation on the transition); managementServer: operational --import-management-packs--> (no change; violation on the transition); managementServer: {provisioned, keyRestored, unrecoverable} --restore-encryption-key--> (no change; violation on the transition); managementServer: {provisioned, keyRestored, unrecoverable} --install-management-server--> (no change; violation on the transition); dataWarehouseServer: {provisioned, keyRestored, unrecoverable} --restore-encryption-key--> (no change; violation on the transition); dataWarehouseServer: {keyRestored, unrecoverable} --install-data-warehouse-server--> (no change; violation on the transition); database: lost --restore-database--> (no change; violation on the transition); database: lost --recreate-database--> (no change; violation on the transition); dataWarehouseGroup: {registered, unregistered} --register-data-warehouse--> (no change; violation on the transition); system: step (an action no transition of the component accepts, or a step naming nothing the models can act on)',
    sources: ['src/models/router.ts', 'src/models/routes/index.ts'],
  },
  {
    id: 'unknown-reference',
    category: 'plan',
    title: 'Name only computers, instances, databases and groups the environment declares',
    severity: 'error',
    citations: ['D-OV', 'D-DBREC', 'D-BKMS'],
    rationale:
      'SCSM recovery is bound to names: servers come back under "the same computer name as the computer that failed" and databases "using the same instance name as the original" [D-OV] [D-DBREC], because those names are recorded in the databases [D-BKMS]. A step that names a computer, SQL instance, database or management group the environment does not declare is either a typing error or a silent change of name, and nothing it claims to do can be checked.',
    remediation:
      'Correct the name to one the environment declares (the finding suggests the nearest one, for example `SM01` for `SMO1`), or declare the component in environment.yaml if it is meant to exist. Computer names are NetBIOS names and compare case-insensitively.',
    enforcedBy:
      'check: resolvePlanReferences (a name the environment does not declare; the scenario is not executed)',
    sources: ['src/check/check.ts'],
  },
  {
    id: 'rto-exceeded',
    category: 'plan',
    title: 'Keep the estimated scenario duration within the recovery time objective',
    severity: 'warning',
    citations: ['D-OV', 'P-REG'],
    rationale:
      'D-OV leaves the choice between promotion and replacement to "your time frame" [D-OV], and some steps are long: the data warehouse registration "can take several hours" and MPSyncJob "up to two hours" [P-REG]. When the estimated duration of a scenario exceeds `objectives.rto`, the plan still recovers, but later than the business accepted, which is why the rule is a warning.',
    remediation:
      'Shorten the critical path, for example by promoting an additional management server instead of replacing the workflow server or by keeping replacement computers pre-provisioned, and give steps realistic `duration` values; if the estimate is right and cannot be reduced, agree a longer `objectives.rto` with the business owner.',
    documentationGap:
      'The documents give no durations for promotion, replacement or database restores, and no RTO guidance (domain notes §7, open question 12). The estimate uses the `duration` of each step or the default of its action, and adds up the steps of a scenario one after another, the conservative reading.',
    enforcedBy:
      "check: the critical path of a scenario's estimateStepSeconds under its after: dependencies and its teams' capacity (src/plan/schedule.ts; one step at a time without team:/after:) exceeds objectives.rto",
    sources: ['src/check/check.ts', 'src/simulator/simulate.ts'],
  },
  {
    id: 'plan-coverage',
    category: 'plan',
    title: 'Cover every single loss (computer, site, database) with a scenario',
    severity: 'warning',
    citations: ['D-OV', 'D-PREP', 'N-PREP'],
    rationale:
      'The disaster recovery guide prepares for the loss of each part of an installation: the Service Manager management server, the data warehouse management server and the databases [D-OV] [D-PREP] [N-PREP]. A computer, a site or a database whose loss no scenario handles leaves the operators to improvise at the worst moment. The environment may still be recoverable, only the plan is incomplete, so the rule is a warning.',
    remediation:
      'Add the scenario each finding names (`lost: { computers: [<name>] }`, `lost: { sites: [<site>] }` or `lost: { databases: [<database>] }`), or generate one with `scsm-dr plan <environment> --lost <name>` (`site:<site>`, `database:<database>`) and review it.',
    documentationGap:
      'The documents describe recovery component by component and never say which combinations of failures a plan should cover. The rule asks for every single loss the score judges (each computer, each site, each database with its host intact) that stops a service, and counts a scenario only when what it loses is exactly that loss, because a plan written for a wider loss restores more than a narrower loss needs; a loss that stops nothing needs no scenario.',
    enforcedBy:
      'check: coverageFindings (a loss of one computer, site or database that stops a service and that no scenario handles)',
    sources: ['src/check/check.ts'],
  },

  {
    id: 'waiver-expired',
    test: 'test/cli/waivers.test.ts',
    category: 'plan',
    title: 'Renew or remove a waiver whose expiry date has passed',
    severity: 'warning',
    citations: ['D-PREP', 'D-GUIDE'],
    rationale:
      'A waiver records that a finding was accepted on purpose, for a reason that holds for a time. Preparing for disaster recovery is a task that is kept current as the installation changes [D-PREP] [D-GUIDE], so a waiver with an expiry date is reviewed when that date passes: until then the finding it covered counts again, and this warning says which waiver lapsed.',
    remediation:
      "Fix what the waived finding reports, or, if the reason still holds, move the waiver's `expires:` date forward (or remove it) and say why in `reason:`.",
    documentationGap:
      "The documents know nothing of waivers: they are a feature of this checker. The expiry is judged at the `--as-of` date (else the environment's `asOf`, else today); a waiver holds through the whole of its `expires` day.",
    enforcedBy: 'check: applyWaivers (a waiver whose expires date is before the judgement date)',
    sources: ['src/check/waivers.ts'],
  },
  {
    id: 'waiver-unused',
    test: 'test/cli/waivers.test.ts',
    category: 'plan',
    title: 'Remove a waiver that matches no finding',
    severity: 'note',
    citations: ['D-PREP'],
    rationale:
      'A waiver that matches no finding waives nothing today, but it would silently accept a future finding that nobody has reviewed. Keeping the disaster recovery preparation current [D-PREP] includes removing decisions that no longer apply.',
    remediation:
      'Remove the waiver, or correct its `rule:` or `target:` so that it names the finding it was written for (`scsm-dr check --format json` lists each finding with its rule).',
    documentationGap:
      'The documents know nothing of waivers: they are a feature of this checker. An expired waiver is reported as `waiver-expired` and not also as unused.',
    enforcedBy: 'check: applyWaivers (a live waiver that matches no finding of its rule)',
    sources: ['src/check/waivers.ts'],
  },

  // ---------------------------------------------------------------------------------------
  // Environment (readiness) rules
  // ---------------------------------------------------------------------------------------
  {
    id: 'key-backup-missing',
    category: 'environment',
    title: 'Keep an encryption key backup for every management server and Self-Service Portal server',
    severity: 'error',
    citations: ['D-BKKEY', 'D-GUIDE', 'D-MSDR', 'D-PREP'],
    rationale:
      'Backing up the encryption keys is one of the four preparation pillars [D-PREP], done "as soon as you complete the Service Manager installation" [D-BKKEY], and the keys of the Service Manager and data warehouse management servers "are different and each must be backed up" [D-GUIDE]. Replacement starts with the key restore [D-MSDR] and no alternative is documented (failure mode F4), so a server without a key backup cannot be replaced; for the data warehouse management server, which cannot be promoted, that means it cannot be recovered at all.',
    remediation:
      'Run `Tools\\SecureStorageBackup\\SecureStorageBackup.exe` as administrator on the server, choose Backup the Encryption Key, save the file to an off-host share (for example `\\\\backup01\\scsm\\keys\\SM01.bin`) with a password of at least 8 characters kept in escrow, and record it as `keyBackup` of that server.',
    documentationGap:
      'The documents do not say whether an additional Service Manager management server has its own key (open question 3), and promotion needs no key restore, so losing a workflow server without a key backup is survivable while an additional server exists [inference] (F4). The rule still reports every management server without a backup as an error: the data warehouse has no alternative, the additional server may be lost as well (F2), and after a promotion the promoted server is the one whose key is needed.',
  },
  {
    id: 'key-password-unavailable',
    category: 'environment',
    title: 'Keep the password of every key backup where the recovery team can use it',
    severity: 'error',
    citations: ['D-BKKEY', 'D-RKEY'],
    rationale:
      'The restore wizard asks for the password of the key backup [D-RKEY], and "Recovery of the password is not possible if the password is lost or forgotten" [D-BKKEY]. A key backup whose password is lost is as good as no backup (failure mode F5), so the server it belongs to cannot be replaced.',
    remediation:
      'Take a new key backup with a new password of at least 8 characters, keep the password in escrow apart from the file, set `password: escrowed` and retire the old file.',
    documentationGap:
      '`unknown` is a category of this tool for a password nobody can vouch for; the documents only distinguish a known password from a lost one. The rule treats `unknown` like `lost`, because a password that has not been confirmed fails at the worst time.',
  },
  {
    id: 'key-backup-not-off-host',
    category: 'environment',
    title: 'Store key backups off the server they protect',
    severity: 'warning',
    citations: ['D-BKKEY', 'D-BKMP', 'D-PREP'],
    rationale:
      'The key backup belongs in "a safe location", and the documented example is a UNC share, `\\\\MyServer\\Backup\\SMBackupkey.bin` [D-BKKEY]; the same guide keeps the unsealed management packs "on a separate physical computer" [D-BKMP]. A key file kept only on the management server is lost together with it, while the replacement path needs it first [D-PREP].',
    remediation:
      'Copy the key file to a share on another computer or to offline media, set `offHost: true`, and make that copy the `file` the runbook restores from.',
    documentationGap:
      'D-BKKEY asks for "a safe location" without requiring another computer. The rule reads it as off-host, by analogy with D-BKMP [inference], and reports a warning; when losing the server would leave no usable copy, `unrecoverable-scenario` reports that separately as an error.',
  },
  {
    id: 'database-backup-missing',
    category: 'environment',
    title: 'Back up every SCSM database',
    severity: 'error',
    citations: ['D-BKDB', 'D-DBREC', 'D-PREP', 'N-PREP'],
    rationale:
      'Backing up the SQL databases is one of the four preparation pillars [D-PREP] [N-PREP], and database recovery is a restore of those backups onto the rebuilt instance [D-DBREC]; the backups also carry the database side of the encryption keys [D-BKDB]. Without a backup the ServiceManager database cannot be recovered, and the data warehouse databases can only be recreated as "a measure of last resort" in which "historical data will be lost" [D-DBREC] (failure mode F13).',
    remediation:
      'Schedule a SQL Server full backup of the database (with differential or log backups as the RPO requires), copy it off the host, and record the `backup` block of the database.',
  },
  {
    id: 'backup-interval-exceeds-rpo',
    category: 'environment',
    title: 'Back up often enough to meet the recovery point objective',
    severity: 'warning',
    citations: ['D-BKDB', 'D-DBREC'],
    rationale:
      "The SCSM documents leave the SQL backup schedule to normal SQL Server practice [D-BKDB], so the environment's own `objectives.rpo` is the yardstick. A restore brings a database back to its latest backup [D-DBREC]: when the shortest declared interval among full, differential and log backups is longer than the RPO, a loss just before the next backup loses more data than the business accepted.",
    remediation:
      'Shorten `full.every`, or add `differential` or `log` backups (log backups need the full recovery model), so that the shortest interval is at most `objectives.rpo`.',
    documentationGap:
      'No SCSM document gives a backup frequency or retention (domain notes §7, open question 1). The rule measures the environment against its own RPO, which the environment format requires.',
  },
  {
    id: 'backup-stale',
    category: 'environment',
    title: 'Keep the last full backup younger than its interval',
    severity: 'warning',
    citations: ['D-BKDB', 'D-DBREC'],
    rationale:
      'A restore brings back the latest backup that exists, not the one the schedule promised [D-DBREC] [D-BKDB]. When the last full backup is older, as of `asOf`, than `full.every` (or no `full.last` is recorded), the job has stopped or failed, and a loss now would lose everything since that backup.',
    remediation:
      'Find out why the job stopped, take a full backup now and update `full.last`; alert on failed backup jobs so that the next gap is noticed within one interval.',
    documentationGap:
      'No document gives a backup cadence or a tolerance (open question 1). The rule allows no grace period: a full backup older than one full-backup interval is stale. It does not compare with the RPO, which `backup-interval-exceeds-rpo` judges from the shortest interval.',
  },
  {
    id: 'backup-not-off-host',
    category: 'environment',
    title: "Keep a copy of each database backup off the database's computer",
    severity: 'warning',
    citations: ['D-OV', 'D-BKDB', 'D-BKMP'],
    rationale:
      'Database recovery starts from "a new computer with the same computer name" [D-OV]: the original host is gone, and so is every backup kept only on its disks. D-BKDB does not say where the backups go [D-BKDB], but the guide keeps the unsealed management packs "on a separate physical computer" [D-BKMP] for the same reason.',
    remediation:
      'Copy each backup to another computer, a backup appliance or cloud storage after every run, and set `offHost: true`.',
    documentationGap:
      'No SCSM document names a location for the SQL backups (B3). The rule applies the D-BKMP requirement for management packs to database backups [inference] and reports a warning; when losing the host would leave no copy at all, `unrecoverable-scenario` reports that as an error.',
  },
  {
    id: 'backup-single-point-of-failure',
    category: 'environment',
    title: "Do not keep all of a group's backups on one computer",
    severity: 'warning',
    citations: ['D-BKDB', 'D-BKKEY', 'D-BKMP', 'D-OV'],
    rationale:
      'Recovery restores the databases from their backups [D-BKDB] and each rebuilt management server from its key backup [D-BKKEY] onto "a new computer with the same computer name" [D-OV]. When one computer holds every copy of a group\'s database backups or of its key backups, losing that computer together with any role host of the group leaves nothing to restore from; when the computer is itself a role host, its loss alone is a disaster and takes the backups with it. The guide keeps the unsealed management packs "on a separate physical computer" [D-BKMP] for the same reason.',
    remediation:
      'Copy the backups to a second computer, preferably in another site or on offline media, and record that copy as the `location` (or key `file`) the runbook restores from.',
    documentationGap:
      'The documents ask for "a safe location" [D-BKKEY] and say nothing about where SQL backups go (B3) or how many copies to keep. The rule reads them as: no one computer may hold every copy [inference], and reports a warning. A backup whose location is not a declared computer is taken to survive, as the score takes it.',
  },
  {
    id: 'restore-never-tested',
    category: 'environment',
    title: 'Test-restore each database backup',
    severity: 'note',
    citations: ['D-DBREC', 'D-BKDB'],
    rationale:
      'Database recovery depends on the backups restoring cleanly onto a rebuilt instance and on the permissions script working afterwards [D-DBREC] [D-BKDB]. A database with no recorded `lastRestoreTest`, or one older than 365 days, has backups nobody has shown to be usable lately. The documents do not ask for restore tests, so the rule is a note: advice that raises confidence, not a documented requirement.',
    remediation:
      'Restore the latest backup onto a test instance, run the permissions script, check that the data is readable, and record the date as `backup.lastRestoreTest`.',
    documentationGap:
      'The SCSM documents never mention testing restores. The rule follows general backup practice, stays a note, and takes a test older than 365 days as no longer telling.',
  },
  {
    id: 'permissions-script-missing',
    category: 'environment',
    title: 'Generate the SQL permissions script for each database',
    severity: 'warning',
    citations: ['D-BKDB', 'D-SQLSCR', 'D-DBREC', 'N-PREP'],
    rationale:
      'Database recovery runs a pre-generated permissions script after the restore, "to restore permissions for the recreated database" [D-DBREC]; it is produced with the SQL Server Generate Scripts wizard after deployment and again after the data warehouse registration [D-BKDB] [D-SQLSCR] [N-PREP]. Without it the logins and roles must be recreated by hand (failure mode F11): slow and error-prone, but possible, hence a warning.',
    remediation:
      'In SSMS run Generate Scripts on each SCSM database (all objects, excluding `STG_Collation`, `STG_Locale`, `STG_MTD_ConverisonLog` and the `STG_DTS_*` procedures), save the single file off the host, regenerate it after every data warehouse registration, and set `permissionsScript` to its date.',
    documentationGap:
      'D-DBREC and N-IMPL point to "Backing Up Unsealed Management Packs" for the script although it is produced in "Backing Up Service Manager Databases" (open question 9), and no document says how often to regenerate it. The rule only checks that a script exists (`permissionsScript` is a date, not `false`); recreating the logins by hand from the role lists of the move documents is an [inference].',
  },
  {
    id: 'management-server-colocated-with-database',
    category: 'environment',
    title: 'Keep management servers and their databases on separate computers',
    severity: 'warning',
    citations: ['D-STRAT', 'D-GUIDE', 'D-PREP', 'P-1C', 'P-2C', 'P-4C'],
    rationale:
      '"Recovery of a management server is impossible if the management server and the associated database are on the same physical computer and that computer fails" [D-STRAT]; the guide requires "a deployment strategy that separates" them [D-GUIDE] and makes separate computers the first preparation pillar [D-PREP]. The single- and two-computer topologies co-locate them and are meant for evaluation: the single-computer setup "will not support a production environment" [P-1C] [P-2C]. The topology itself is a warning; the loss it makes unrecoverable is reported as an error by `unrecoverable-scenario`.',
    remediation:
      'Move the database to its own SQL Server computer with the documented move procedure (R-MOVE), or deploy the four-computer topology, so that no management server shares a computer with the database it uses.',
    documentationGap:
      'The documents do not say whether restoring the database backup onto a rebuilt computer with the same name and then reinstalling the management server would work (open question 4). The rule takes D-STRAT literally.',
  },
  {
    id: 'no-additional-management-server',
    category: 'environment',
    title: 'Deploy an additional Service Manager management server that can be promoted',
    severity: 'note',
    citations: ['D-OV', 'D-PROMO', 'P-ADDMS', 'N-ADDMS'],
    rationale:
      'Of the two documented ways to recover the workflow server, promotion needs no new computer and no key restore, and it is possible only "if an additional management server exists" [D-OV] [D-PROMO]. Additional management servers are deployed "as part of your disaster recovery strategy" [P-ADDMS] [N-ADDMS]. Replacement remains documented without one, so the rule is a note.',
    remediation:
      'Install an additional management server on its own computer (Setup, Service Manager management server, Use an existing database, ServiceManager), back up its key, and declare it with `role: additional`.',
  },
  {
    id: 'management-packs-not-exported',
    category: 'environment',
    title: 'Export the unsealed management packs to another computer',
    severity: 'warning',
    citations: ['D-BKMP', 'N-PREP', 'D-PREP', 'N-IMPL'],
    rationale:
      'Backing up the unsealed management packs is the fourth preparation pillar [D-PREP] [N-PREP]: they are exported with `Export-SCSMManagementPack` and the guide says "Save the unsealed management packs on a separate physical computer" [D-BKMP]. After a management server is recovered they are imported again [N-IMPL]; without an off-host export that step has nothing to import.',
    remediation:
      'Schedule `Get-SCSMManagementPack | where {$_.Sealed -eq $false} | Export-SCSMManagementPack -Path <share>` to a share on another computer, and record `unsealedManagementPacks: { lastExport: <date>, offHost: true }` for the group.',
    documentationGap:
      'No document gives an export frequency (domain notes §7). The rule checks only that an export exists and is off-host; it does not judge its age.',
  },
  {
    id: 'staging-repository-split',
    category: 'environment',
    title: 'Host DWStagingAndConfig and DWRepository on the same SQL instance',
    severity: 'error',
    citations: ['P-4CDW', 'P-MVDW', 'D-DBREC'],
    rationale:
      'DWStagingAndConfig and DWRepository "must reside on the same instance" [P-4CDW], and "Restoring them on a separate instances … is not supported" [P-MVDW]. An environment that splits them has no supported recovery for these databases: restoring each onto its original instance keeps them split, and moving one to the other instance is a restore onto another instance, for which the disaster recovery guide has no procedure [D-DBREC]. The rule is therefore an error rather than a warning: the documents mark the configuration as unsupported, not merely risky.',
    remediation:
      'Move DWRepository to the instance of DWStagingAndConfig (or both to one new instance) with the data warehouse move procedure: stop the data warehouse services, back up, restore on the target instance, update the `RepositorySQLInstance` and `StagingSQLInstance` registry values and the server-name tables in DWStagingAndConfig, then change `instance` in environment.yaml.',
  },
  {
    id: 'collation-mismatch',
    category: 'environment',
    title: 'Use one SQL collation on every instance that hosts SCSM databases',
    severity: 'warning',
    citations: ['P-SCEN', 'P-MVDW'],
    rationale:
      'The SQL collation must match across the hosts of the ServiceManager database, the data warehouse databases and SSRS [P-SCEN], and a moved or restored data warehouse keeps its original collation: the "collation … has to match" [P-MVDW]. Instances with different collations are a deployment defect that every recovery inherits; a restore onto the original instances does not make it worse, so the rule is a warning.',
    remediation:
      'Plan a migration of the odd instance to the common collation (a rebuilt instance and moved databases); until then record the exact collation of every instance with the plan, so that a rebuilt instance is installed with the same one.',
  },
  {
    id: 'drill-overdue',
    category: 'environment',
    title: 'Rehearse a recovery scenario at least once a year',
    severity: 'warning',
    citations: ['D-PREP', 'N-PREP', 'D-OV'],
    rationale:
      'The preparation the guide asks for is backups and a deployment strategy [D-PREP] [N-PREP]; whether the procedures work in this environment, and how long they take against "your time frame" [D-OV], is known only from a rehearsal. An environment with no drill recorded within 365 days of `asOf` is running on an untested plan.',
    remediation:
      'Rehearse at least one scenario with `scsm-dr drill <environment> --plan <plan> --scenario <id>`, preferably the loss of the workflow server or of the ServiceManager database host, and record it under `drills` with date, outcome and duration.',
    documentationGap:
      'The SCSM documents never mention drills or their frequency. The rule takes 365 days as its default window, a conservative annual cadence, and counts any recorded drill in that window whatever its outcome.',
  },
  {
    id: 'unrecoverable-scenario',
    category: 'environment',
    title: 'Leave no single failure without a documented way to recover',
    severity: 'error',
    citations: ['D-STRAT', 'D-OV', 'D-MSDR', 'D-BKKEY', 'D-DBREC'],
    rationale:
      'Some failures have no documented way back: "Recovery of a management server is impossible if the management server and the associated database are on the same physical computer and that computer fails" [D-STRAT]; a data warehouse management server can only be replaced, and replacement needs the key backup and its password [D-OV] [D-MSDR] [D-BKKEY]; and a database is recovered only from a backup [D-DBREC]. The rule considers the loss of each computer, site and database and reports every loss for which no sequence of documented steps brings all components back, with the cause, for example the only key backup stored on the lost computer.',
    remediation:
      'Remove the cause the finding names: separate the management server from its database, keep key and database backups off the host, take a key backup with an escrowed password, or add an additional management server so that the workflow server can be promoted.',
    documentationGap:
      'D-STRAT does not explain "impossible": whether restoring the database onto a rebuilt computer with the same name and then reinstalling the management server would work is not stated (open question 4). The rule takes D-STRAT literally and reports the loss of a computer hosting both as unrecoverable.',
  },
  // ---------------------------------------------------------------------------------------
  // Evidence rules: environment rules that judge msdb backup history (`--evidence`); without
  // evidence they report nothing.
  // ---------------------------------------------------------------------------------------
  {
    id: 'backup-claim-contradicted',
    category: 'environment',
    title: 'Describe the backups the history shows, not the ones remembered',
    severity: 'warning',
    citations: ['D-BKDB', 'D-DBREC'],
    rationale:
      'A restore brings back the backups that exist [D-DBREC]; SQL Server records every one of them in msdb [D-BKDB]. When environment.yaml states a later last full backup, a shorter interval, an off-host copy or a schedule that the history given with `--evidence` does not show, every judgement built on that claim (the score, the RPO, the recoverability of a host loss) is built on something that did not happen.',
    remediation:
      'Run `scsm-dr import backups <environment> --from <history>...`, review the diff and apply it with `--write`, or repair the backup job until the history shows what the file says.',
    documentationGap:
      'No document gives a tolerance. The rule allows an hour on `full.last` and reads an interval as contradicted only when the 90th percentile of the observed gaps is longer than the claim by a quarter and five minutes, so that schedule drift is not reported.',
  },
  {
    id: 'backup-older-than-rpo',
    category: 'environment',
    title: 'Keep the newest backup on record within the RPO',
    severity: 'error',
    citations: ['D-DBREC', 'D-BKDB'],
    rationale:
      'A restore brings a database back to its newest backup [D-DBREC]. When the newest full, differential or log backup in the msdb history is older than `objectives.rpo` as of the as-of date, a loss now loses more data than the business accepted, whatever the schedule says [D-BKDB].',
    remediation:
      'Find out why the backups stopped (a failed job, a full disk, a disabled schedule), take a backup now, and alert on a missed log backup within one interval.',
    documentationGap:
      "The SCSM documents set no RPO (open question 12); the rule measures against the environment's own. A time of an unknown zone (time_zone 127) is judged at its earliest possible instant, 14 hours before its local time.",
  },
  {
    id: 'log-chain-broken',
    category: 'environment',
    title: 'Back up the log of every database in the FULL recovery model',
    severity: 'error',
    citations: ['D-DBREC', 'D-BKDB'],
    rationale:
      'In the FULL or BULK_LOGGED recovery model only log backups let a restore go past the last full or differential backup, and only they truncate the log [D-BKDB]. A database in that model with no log backup on record, or none since its last full backup, can be restored only to that backup [D-DBREC], and its log grows until the disk is full.',
    remediation:
      'Schedule log backups at an interval within the RPO (and declare `log.every`), or, if point-in-time restore is not wanted, switch the database to the SIMPLE recovery model deliberately and take a full backup.',
    documentationGap:
      'The SCSM documents say nothing on recovery models. The rule allows twice the observed log interval (two hours when there is none) after the last full backup before it reports a missing log backup.',
  },
  {
    id: 'copy-only-only-full',
    category: 'environment',
    title: 'Do not rely on a copy-only backup as the recent full',
    severity: 'warning',
    citations: ['D-DBREC', 'D-BKDB'],
    rationale:
      'A copy-only full backup is taken outside the backup sequence: no differential backup can be based on it, and it does not show that the scheduled full backups run [D-BKDB]. When it is the only full backup within the full interval, the regular job has stopped and the next restore depends on an ad hoc copy kept wherever its taker put it [D-DBREC].',
    remediation:
      'Repair the scheduled full backup and take a regular (not copy-only) full backup now; keep copy-only backups for what they are for, a copy before an upgrade or for a test restore.',
    documentationGap:
      'The SCSM documents allow copy-only backups (B3) without saying how they count. The rule takes the claimed `full.every` (else the observed interval, else a week) as the window a regular full backup must fall in.',
  },
  {
    id: 'backup-evidence-missing',
    category: 'environment',
    title: 'Bring backup history for every database whose backups the file describes',
    severity: 'warning',
    citations: ['D-BKDB'],
    rationale:
      'With `--evidence` the backup facts are judged on the msdb history [D-BKDB]. A described database the history does not mention is judged on what was typed, and nothing shows that its backups run; it is listed rather than silently kept.',
    remediation:
      'Export the backup history of the instance that hosts the database (docs/import.md) and pass that file too, or check that the database name in environment.yaml is the one SQL Server uses.',
  },
];

/**
 * Every rule, plan rules first, then environment (readiness) rules, each in the order of docs/rules/README.md.
 * The array and each rule object are frozen: treat them as read-only data.
 */
export const RULES: readonly RuleMeta[] = Object.freeze(
  DEFINITIONS.map((rule) =>
    Object.freeze({
      ...rule,
      sources: Object.freeze([...(rule.sources ?? [`src/rules/environment/${rule.id}.ts`])]),
      test: rule.test ?? `test/rules/${rule.category}/${rule.id}.test.ts`,
    }),
  ),
);

const RULES_BY_ID: ReadonlyMap<string, RuleMeta> = new Map(RULES.map((rule) => [rule.id, rule]));

/** The rule identifiers in catalog order (the order of docs/rules/README.md): plan rules, then environment rules. */
export const RULE_IDS: readonly string[] = Object.freeze(RULES.map((rule) => rule.id));

/**
 * Looks a rule up by its identifier. Identifiers are compared exactly (they are lower-case
 * kebab-case). Returns `undefined` for an identifier the catalog does not know.
 */
export function getRule(id: string): RuleMeta | undefined {
  return RULES_BY_ID.get(id);
}
