/**
 * staging-repository-same-instance (P-MVDW, P-4CDW; F14): DWStagingAndConfig and DWRepository
 * are restored onto one SQL instance.
 *
 * The model checks the declared instance first: restoring one of them onto any instance other
 * than its declared one is `same-sql-instance`. So this rule fires when the environment itself
 * declares the two on different instances (`DW_DATABASES_SPLIT`, where the readiness rule
 * `staging-repository-split` already reports the deployment): then every restore of either
 * database is unsupported.
 */

import { describe, expect, it } from 'vitest';
import { DW_DATABASES_SPLIT } from '../../check/environments.js';
import { ruleTester, runRule } from '../../check/harness.js';
import { plan, REBUILD_DWSQL01, RESTORE_SERVICEMANAGER } from '../../check/plans.js';
import { positionOf } from '../../helpers/text.js';

/** DWRepository corrupt in the split environment, restored onto its declared instance DWSQL01\REPO. */
const SPLIT_REPOSITORY = `version: 1
scenarios:
  - id: dwrepository-corrupt
    lost: { databases: [DWRepository] }
    steps:
      - { action: stop-services, computer: DW01 }
      - { action: restore-database, database: DWRepository, instance: 'DWSQL01\\REPO' }
`;

/** The split host lost: both databases restored, each onto the instance the environment declares. */
const SPLIT_HOST = plan('dw-sql-host-lost', '{ computers: [DWSQL01] }', [
  '{ action: stop-services, computer: DW01 }',
  '{ action: provision-computer, computer: DWSQL01 }',
  "{ action: install-sql-server, instance: 'DWSQL01\\DW' }",
  "{ action: install-sql-server, instance: 'DWSQL01\\REPO' }",
  "{ action: enable-clr, instance: 'DWSQL01\\DW' }",
  "{ action: enable-clr, instance: 'DWSQL01\\REPO' }",
  "{ action: restore-database, database: DWStagingAndConfig, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWRepository, instance: 'DWSQL01\\REPO' }",
  "{ action: restore-database, database: DWDataMart, instance: 'DWSQL01\\DW' }",
]);

/** In the split environment, DWRepository moved onto the staging instance instead. */
const SPLIT_MOVED = plan('dwrepository-corrupt', '{ databases: [DWRepository] }', [
  "{ action: restore-database, database: DWRepository, instance: 'DWSQL01\\DW' }",
]);

/** One declared instance for the pair; the plan puts DWRepository on the ServiceManager instance (F14). */
const REPOSITORY_ELSEWHERE = plan('dw-sql-host-lost', '{ computers: [DWSQL01] }', [
  '{ action: stop-services, computer: DW01 }',
  '{ action: provision-computer, computer: DWSQL01 }',
  "{ action: install-sql-server, instance: 'DWSQL01\\DW' }",
  "{ action: enable-clr, instance: 'DWSQL01\\DW' }",
  "{ action: restore-database, database: DWStagingAndConfig, instance: 'DWSQL01\\DW' }",
  '{ action: restore-database, database: DWRepository, instance: SQL01 }',
]);

/** The same split, with DWRepository restored first, while DWStagingAndConfig is still lost. */
const REPOSITORY_FIRST_ELSEWHERE = plan('dwrepository-corrupt', '{ databases: [DWRepository] }', [
  '{ action: stop-services, computer: DW01 }',
  '{ action: restore-database, database: DWRepository, instance: SQL01 }',
]);

ruleTester('staging-repository-same-instance', {
  valid: [
    { name: 'R-DB: both restored onto the one declared instance DWSQL01\\DW', plan: REBUILD_DWSQL01 },
    {
      name: 'a ServiceManager restore in the split environment does not involve the pair',
      environment: DW_DATABASES_SPLIT,
      plan: RESTORE_SERVICEMANAGER,
    },
  ],
  invalid: [
    {
      name: 'the plan restores DWRepository onto another instance than DWStagingAndConfig',
      plan: REPOSITORY_ELSEWHERE,
      errors: [
        {
          ...positionOf(REPOSITORY_ELSEWHERE, '{ action: restore-database, database: DWRepository'),
          message:
            'database: DWRepository, instance: SQL01, staging database: DWStagingAndConfig on DWSQL01\\DW',
        },
      ],
    },
    {
      name: 'DWRepository alone restored onto another instance than its staging partner',
      plan: REPOSITORY_FIRST_ELSEWHERE,
      errors: [
        {
          ...positionOf(REPOSITORY_FIRST_ELSEWHERE, '{ action: restore-database'),
          message: 'have to be restored on the same instance',
        },
      ],
    },
    {
      name: 'DWRepository restored onto its own instance, apart from DWStagingAndConfig',
      environment: DW_DATABASES_SPLIT,
      plan: SPLIT_REPOSITORY,
      // Literal position: the restore-database step is on line 7.
      errors: [{ line: 7, column: 9, message: 'restore-database on database DWRepository' }],
    },
    {
      name: 'the split host rebuilt: both restores are reported',
      environment: DW_DATABASES_SPLIT,
      plan: SPLIT_HOST,
      errors: [
        {
          ...positionOf(SPLIT_HOST, '{ action: restore-database, database: DWStagingAndConfig'),
          message: 'database: DWStagingAndConfig, instance: DWSQL01\\DW',
        },
        {
          ...positionOf(SPLIT_HOST, '{ action: restore-database, database: DWRepository'),
          message: 'database: DWRepository, instance: DWSQL01\\REPO',
        },
      ],
    },
  ],
});

describe('staging-repository-same-instance and same-sql-instance', () => {
  it('moving DWRepository next to DWStagingAndConfig is reported as same-sql-instance instead', () => {
    const input = { environment: DW_DATABASES_SPLIT, plan: SPLIT_MOVED };
    expect(runRule('staging-repository-same-instance', input)).toEqual([]);
    expect(
      runRule('same-sql-instance', input).map(({ location }) => ({
        line: location.line,
        column: location.column,
      })),
    ).toEqual([positionOf(SPLIT_MOVED, '{ action: restore-database')]);
  });
});
