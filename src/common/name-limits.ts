/**
 * The longest names the products allow, enforced by the schemas of both formats so that a name
 * longer than any real one is refused where it is written, before anything compares it with
 * the declared names (a 1.6 MB name used to take the loader half a minute).
 *
 * - A computer is named by its NetBIOS name: at most 15 characters (Microsoft, "Naming
 *   conventions in Active Directory for computers, domains, sites, and OUs").
 * - A SQL Server instance is `COMPUTER` or `COMPUTER\NAME`, the instance name at most 16
 *   characters (Microsoft, "Instance Configuration", SQL Server Setup): at most 15 + 1 + 16.
 * - A database name is a `sysname`: at most 128 characters (Microsoft, "Database identifiers").
 * - Every other name (management groups, sites, scenario ids, the environment's name) has no
 *   documented limit that scsm-dr relies on; 128 characters, as for `sysname`, is far beyond
 *   any name a person types and keeps the did-you-mean work small.
 */
import { z } from 'zod';

/** The longest NetBIOS computer name. */
export const COMPUTER_NAME_MAX = 15;
/** The longest SQL Server instance name (the part after the backslash). */
export const INSTANCE_NAME_MAX = 16;
/** The longest SQL Server instance id, `COMPUTER\NAME`. */
export const INSTANCE_ID_MAX = COMPUTER_NAME_MAX + 1 + INSTANCE_NAME_MAX;
/** The longest database name (`sysname`). */
export const DATABASE_NAME_MAX = 128;
/** The longest of any other name. */
export const NAME_MAX = 128;

/** What a name names, by the limit that applies to it. */
export type NameKind = 'computer' | 'instance' | 'database' | 'name';

const LIMITS: Readonly<Record<NameKind, { readonly max: number; readonly what: string }>> = {
  computer: { max: COMPUTER_NAME_MAX, what: 'a NetBIOS computer name' },
  instance: {
    max: INSTANCE_ID_MAX,
    what: `a SQL Server instance id: a computer name of at most ${COMPUTER_NAME_MAX}, '\\', an instance name of at most ${INSTANCE_NAME_MAX}`,
  },
  database: { max: DATABASE_NAME_MAX, what: 'a SQL Server database name (sysname)' },
  name: { max: NAME_MAX, what: 'a name' },
};

/** The length limit of a kind of name and what to call it in an error. */
export function nameLimit(kind: NameKind): { readonly max: number; readonly what: string } {
  return LIMITS[kind];
}

/**
 * A non-empty string of at most the kind's limit. The message of the length error is what the
 * loaders print as the expectation (`at most 15 characters (a NetBIOS computer name)`);
 * `empty` is the message for an empty string, when the caller has one.
 */
export function boundedName(kind: NameKind, empty?: string): z.ZodString {
  const { max, what } = LIMITS[kind];
  return z
    .string()
    .min(1, empty === undefined ? undefined : { error: empty })
    .max(max, { error: `at most ${max} characters (${what})` });
}
