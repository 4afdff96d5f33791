/**
 * Symmetry inside one system: additional management servers of one Service Manager group that
 * are interchangeable, so that a state and the same state with two of them swapped have the
 * same future up to the swap. The packed explorer stores one state per orbit (the canonical
 * one: the servers' blocks sorted) and counts what each stored state stands for.
 *
 * Why swapping two such servers X and Y is an automorphism of the explored transition system:
 * - the routing (`models/router.ts` and `models/routes/`) reads a server through its group, its role and the
 *   states of `computer:X`, `ms:X` and `key:X`, never through its name; the environment's
 *   other facts about X (its site, where its key backup is stored, the backup's password state)
 *   only shape the state right after a loss, which is an input here, not a transition;
 * - X and Y are both additional servers of the same group and host nothing else, so no
 *   instance, database or data warehouse step reads their computers;
 * - the move generator proposes the same moves for X and for Y (it iterates the group's
 *   servers and asks only their states), and every move of X costs what the same move of Y
 *   costs (checked here on the estimated durations of every move the generator can propose for
 *   a server, so per-computer duration overrides break the symmetry, as they should);
 * - the notes name X in two places, `awaitingKeyBackup` (the computer) and `awaitingImport`
 *   (`ms:X`): the canonical form renames those with the blocks;
 * - the verdict judges components and notes, symmetrically.
 * So a goal's orbit is made of goals, terminal states' of terminal states, and the cheapest
 * recovery from a state costs what it costs from any state of its orbit.
 */

import { componentId, isManagementServerId, nameOf } from '../models/ids.js';
import type { ModelSystem, SystemNotes } from '../models/system.js';
import type { TransitionCache } from '../models/transition-cache.js';
import type { SynthesisContext } from '../simulator/synthesis-candidates.js';

/** One server's components: `computer:X`, `ms:X`, `key:X` (indices into the system). */
interface Block {
  readonly computer: string;
  readonly indices: readonly [number, number, number];
}

/** Servers of one group any two of which are interchangeable. */
export interface SymmetryClass {
  readonly group: string;
  readonly blocks: readonly Block[];
}

/** The moves the generator can propose for one Service Manager server, by computer. */
function serverMoves(
  computer: string,
  database: string,
): { action: string; params: Record<string, string> }[] {
  const plain = [
    'provision-computer',
    'stop-services',
    'start-services',
    'clear-health-service-state',
    'promote-workflow-server',
    'restore-encryption-key',
    'import-management-packs',
    'backup-encryption-key',
  ].map((action) => ({ action, params: { computer } }));
  const install = ['additional', 'workflow'].map((role) => ({
    action: 'install-management-server',
    params: { computer, database, role },
  }));
  return [...plain, ...install];
}

/**
 * The classes of interchangeable servers of a system (only classes of two or more). Leaf codes
 * must fit in a byte for the packed sort key; machines with more leaves disable the reduction.
 */
export function symmetryClasses(system: ModelSystem, context: SynthesisContext): SymmetryClass[] {
  const lower = (name: string) => name.toLowerCase();
  const classes: SymmetryClass[] = [];
  for (const group of system.smGroups.values()) {
    const candidates = new Map<string, Block[]>();
    for (const computer of group.managementServers) {
      const server = system.servers.get(lower(computer));
      if (server === undefined || server.role !== 'additional') continue;
      const hosted = system.hosted.get(lower(computer)) ?? [];
      if (hosted.length !== 1 || hosted[0] !== componentId.managementServer(computer)) continue;
      const indices = [
        componentId.computer(computer),
        componentId.managementServer(computer),
        componentId.keyBackup(computer),
      ].map((id) => system.componentIndex.get(id));
      if (indices.some((index) => index === undefined)) continue;
      // Servers whose moves cost the same, move by move, may be interchangeable.
      const costs = serverMoves(computer, group.database)
        .map((move) => context.seconds(move))
        .join(',');
      const list = candidates.get(costs) ?? [];
      list.push({ computer, indices: indices as [number, number, number] });
      candidates.set(costs, list);
    }
    for (const blocks of candidates.values())
      if (blocks.length > 1) classes.push({ group: group.name, blocks });
  }
  const fits = classes.every((symmetry) =>
    symmetry.blocks.every((block) => block.indices.every((index) => context.leaves[index]!.length <= 256)),
  );
  return fits ? classes : [];
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/**
 * Puts packed rows into canonical form: in each class, the servers' blocks sorted by their
 * leaf codes and their note entries, the notes renamed to match. Remembers the renamed notes
 * per (notes, permutation).
 */
export class Canonicalizer {
  private readonly renamed = new Map<string, number>();
  private readonly keys: Float64Array;
  private readonly order: number[];
  private readonly saved: Int32Array;

  constructor(
    private readonly classes: readonly SymmetryClass[],
    private readonly cache: TransitionCache,
    private readonly width: number,
  ) {
    const largest = Math.max(0, ...classes.map((symmetry) => symmetry.blocks.length));
    this.keys = new Float64Array(largest);
    this.order = [];
    this.saved = new Int32Array(largest * 3);
  }

  /** True when there is anything to reduce. */
  get active(): boolean {
    return this.classes.length > 0;
  }

  /**
   * The canonicalizer for explorations from `start` (a packed row): only swaps that leave the
   * start as it is. Servers a loss treated differently (one lost, one not; a key backup lost
   * with the file server) are no longer interchangeable from that start: the states reachable
   * from it are closed under the swaps that fix it, and under no others, so orbit sizes count
   * exactly the reachable states only for those.
   */
  stabilizing(start: Int32Array): Canonicalizer {
    const classes: SymmetryClass[] = [];
    for (const symmetry of this.classes) {
      const parts = new Map<number, Block[]>();
      symmetry.blocks.forEach((block, index) => {
        const key = this.blockKey(start, symmetry, index);
        const part = parts.get(key) ?? [];
        part.push(block);
        parts.set(key, part);
      });
      for (const blocks of parts.values())
        if (blocks.length > 1) classes.push({ group: symmetry.group, blocks });
    }
    return new Canonicalizer(classes, this.cache, this.width);
  }

  /** The sort key of a class's block `index` in `row`: its leaf codes and its note entries. */
  private blockKey(row: Int32Array, symmetry: SymmetryClass, index: number): number {
    const notes = this.cache.notesOf(row[this.width]!);
    const block = symmetry.blocks[index]!;
    const [computer, server, key] = block.indices;
    const bits =
      (notes.awaitingKeyBackup.includes(block.computer) ? 2 : 0) +
      (notes.awaitingImport.includes(componentId.managementServer(block.computer)) ? 1 : 0);
    return ((row[computer]! * 256 + row[server]!) * 256 + row[key]!) * 4 + bits;
  }

  /**
   * Rewrites `row` (leaf codes, then the notes id at `width`) into its orbit's canonical form
   * and returns the size of the orbit: how many distinct states it stands for.
   */
  canonicalize(row: Int32Array): number {
    let orbit = 1;
    for (const symmetry of this.classes) {
      const blocks = symmetry.blocks;
      const count = blocks.length;
      const order = this.order;
      order.length = 0;
      for (let i = 0; i < count; i++) {
        this.keys[i] = this.blockKey(row, symmetry, i);
        order.push(i);
      }
      // Insertion sort: stable, and classes are small.
      for (let i = 1; i < count; i++) {
        const moving = order[i]!;
        let j = i - 1;
        while (j >= 0 && this.keys[order[j]!]! > this.keys[moving]!) {
          order[j + 1] = order[j]!;
          j--;
        }
        order[j + 1] = moving;
      }
      // The orbit: count! arrangements, less those that swap equal blocks.
      let run = 1;
      let same = 1;
      for (let i = 1; i < count; i++) {
        if (this.keys[order[i]!] === this.keys[order[i - 1]!]) run++;
        else {
          same *= factorial(run);
          run = 1;
        }
      }
      same *= factorial(run);
      orbit *= factorial(count) / same;
      let identity = true;
      for (let i = 0; i < count; i++) if (order[i] !== i) identity = false;
      if (identity) continue;
      // Slot j takes the block that sorted j-th.
      for (let i = 0; i < count; i++)
        for (let m = 0; m < 3; m++) this.saved[i * 3 + m] = row[blocks[i]!.indices[m]!]!;
      for (let j = 0; j < count; j++)
        for (let m = 0; m < 3; m++) row[blocks[j]!.indices[m]!] = this.saved[order[j]! * 3 + m]!;
      row[this.width] = this.renameNotes(row[this.width]!, symmetry, order);
    }
    return orbit;
  }

  /** The notes id after the block that sorted j-th takes slot j's name. */
  private renameNotes(notesId: number, symmetry: SymmetryClass, order: readonly number[]): number {
    const memo = `${notesId}|${symmetry.group}|${order.join(',')}|${symmetry.blocks[0]!.computer}`;
    const known = this.renamed.get(memo);
    if (known !== undefined) return known;
    const notes = this.cache.notesOf(notesId);
    const to = new Map<string, string>();
    order.forEach((from, slot) => {
      to.set(symmetry.blocks[from]!.computer, symmetry.blocks[slot]!.computer);
    });
    const renamed: SystemNotes = {
      ...notes,
      awaitingKeyBackup: notes.awaitingKeyBackup.map((name) => to.get(name) ?? name).sort(),
      awaitingImport: notes.awaitingImport
        .map((entry) => {
          const name = isManagementServerId(entry) ? to.get(nameOf(entry)) : undefined;
          return name === undefined ? entry : componentId.managementServer(name);
        })
        .sort(),
    };
    const id = this.cache.notesId(renamed);
    this.renamed.set(memo, id);
    return id;
  }
}
