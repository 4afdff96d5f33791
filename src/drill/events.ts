/**
 * The events of a drill, as they are written to its journal: one JSON object per line.
 *
 * The journal is the single record of a drill. Replaying its events rebuilds everything: the
 * position in the scenario, the model state, the injected faults; the after-action report is
 * computed from them alone (the `start` event carries a snapshot of the scenario, so a report
 * needs neither the plan nor the environment). The schemas below are what a journal is
 * checked against when it is read back, because a journal is an input like any other: it may
 * be cut short by a crash, edited by hand, or come from another drill.
 */
import { z } from 'zod';
import { DRILL_OUTCOMES } from '../environment/schema.js';
import { ACTION_NAMES } from '../plan/actions.js';

/** The journal format version, written in every `start` event. */
export const JOURNAL_FORMAT = 1;

const name = z.string().min(1);
const index = z.number().int().min(0);
const params = z.record(z.string(), z.string());

/** A fault of the simulator's fault model (`src/simulator/faults.ts`), as JSON. */
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('step-fails'), step: index }),
  z.object({ kind: z.literal('lost-mid-plan'), computer: name, afterStep: index.optional() }),
  z.object({ kind: z.literal('backup-unusable'), database: name }),
  z.object({ kind: z.literal('key-password-unknown'), server: name }),
]);

/** A fault chosen for a drill and the step (0-based) at which it is announced. */
export const injectedFaultSchema = z.object({
  step: index,
  fault: faultSchema,
});
/** A fault chosen for a drill and the step at which it is announced. */
export type InjectedFault = z.infer<typeof injectedFaultSchema>;

/** A plan step as the drill presents it; the snapshot keeps the report independent of the plan file. */
export const stepSnapshotSchema = z.object({
  index,
  action: z.enum(ACTION_NAMES),
  params,
  estimatedSeconds: z.number().min(0),
  durationSource: z.enum(['step', 'environment', 'database-size', 'default']),
  owner: z.string().optional(),
  note: z.string().optional(),
  /** The domain citations of the action's procedure (ACTIONS). */
  citations: z.array(z.string()),
  /** In a plan with `team:`/`after:` only: the step's team. Older journals have none. */
  team: z.string().optional(),
  /** In a plan with `team:`/`after:` only: the indices of the earlier steps it waits for. */
  after: z.array(index).optional(),
  /** In a plan with `team:`/`after:` only: the step's `id:`, by which the team may name it. */
  id: z.string().optional(),
});
/** A plan step as the drill presents it. */
export type StepSnapshot = z.infer<typeof stepSnapshotSchema>;

const severity = z.enum(['error', 'warning', 'note']);

/** What every event carries: its line number and the clock reading when it happened. */
const clock = {
  /** 1-based position in the journal: event `n` is on line `n`. */
  seq: z.number().int().min(1),
  /** Wall-clock time of the event (ISO 8601, UTC). */
  at: z.string().min(1),
  /** Drill time in milliseconds: wall time since the start, without the time a paused drill stood still. */
  elapsedMs: z.number().int().min(0),
};

const startEvent = z.object({
  ...clock,
  type: z.literal('start'),
  journal: z.literal(JOURNAL_FORMAT),
  tool: z.object({ name: z.string(), version: z.string() }),
  environment: z.object({ name, file: z.string() }),
  plan: z.object({ file: z.string() }),
  scenario: z.object({
    id: name,
    title: z.string().optional(),
    /** `sha256:` of the scenario's canonical content; a resumed drill must match it. */
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    lost: z.object({
      computers: z.array(z.string()),
      databases: z.array(z.string()),
      sites: z.array(z.string()),
    }),
    steps: z.array(stepSnapshotSchema),
    /** The scenario's `teams:` (people per team), when it declares them. */
    teams: z.record(z.string(), z.number().int().min(1)).optional(),
  }),
  objectives: z.object({ rtoSeconds: z.number().min(0), rpoSeconds: z.number().min(0) }),
  inject: z
    .object({
      requested: z.number().int().min(0),
      seed: z.number().int().min(0),
      faults: z.array(injectedFaultSchema),
    })
    .optional(),
});

const stepEvent = z.object({
  ...clock,
  type: z.literal('step'),
  step: index,
  attempt: z.number().int().min(1),
});

const faultEvent = z.object({
  ...clock,
  type: z.literal('fault'),
  step: index,
  /** Index into `start.inject.faults`. */
  injected: index,
  fault: faultSchema,
  description: z.string(),
  /** Component changes the fault caused in the models: `management server SM02: operational.additional → lost`. */
  changes: z.array(z.string()),
});

/**
 * In a plan with `team:`/`after:`: the team starts a step while others are in progress
 * (`b <step>`). The step's presentation (a `step` event, after any surprise met at it) follows.
 */
const beginEvent = z.object({ ...clock, type: z.literal('begin'), step: index });

const answerEvent = z.object({
  ...clock,
  type: z.literal('answer'),
  step: index,
  answer: z.enum(['done', 'failed', 'skipped']),
  note: z.string().optional(),
});

const deviationEvent = z.object({
  ...clock,
  type: z.literal('deviation'),
  /** The plan step that was current when the deviation was recorded. */
  step: index,
  action: z.enum(ACTION_NAMES),
  params,
  note: z.string().optional(),
  owner: z.string().optional(),
  /** As the operator typed it, after `x `. */
  text: z.string(),
});

const violationEvent = z.object({
  ...clock,
  type: z.literal('violation'),
  /** `seq` of the answer or deviation that broke the rule. */
  cause: z.number().int().min(1),
  /** The plan step the cause belongs to (the step answered, or the step current at a deviation). */
  step: index,
  ruleId: name,
  citation: z.string(),
  severity,
  component: z.string(),
  message: z.string(),
});

const noteEvent = z.object({ ...clock, type: z.literal('note'), step: index, text: z.string() });

const quitEvent = z.object({ ...clock, type: z.literal('quit'), step: index });

const endEvent = z.object({
  ...clock,
  type: z.literal('end'),
  outcome: z.enum(DRILL_OUTCOMES),
  /** The models' verdict on the final state. */
  recovered: z.boolean(),
  reasons: z.array(z.object({ ruleId: name, severity, component: z.string(), message: z.string() })),
});

/** Every event a journal line may hold. */
export const journalEventSchema = z.discriminatedUnion('type', [
  startEvent,
  stepEvent,
  faultEvent,
  beginEvent,
  answerEvent,
  deviationEvent,
  violationEvent,
  noteEvent,
  quitEvent,
  endEvent,
]);

/** One line of a journal. */
export type JournalEvent = z.infer<typeof journalEventSchema>;
/** The first event: environment, plan, scenario snapshot and hash, objectives, injected faults. */
export type StartEvent = z.infer<typeof startEvent>;
/** A step presented to the team (again, after a failed attempt). */
export type StepEvent = z.infer<typeof stepEvent>;
/** An injected fault announced and applied to the models. */
export type FaultEvent = z.infer<typeof faultEvent>;
/** The team started a step of a plan with `team:`/`after:` while others are in progress. */
export type BeginEvent = z.infer<typeof beginEvent>;
/** The team's answer to the current step: done, failed (with a note) or skipped. */
export type AnswerEvent = z.infer<typeof answerEvent>;
/** An action the plan does not list, applied to the models. */
export type DeviationEvent = z.infer<typeof deviationEvent>;
/** A rule broken by an answer or a deviation: the warning the team saw. */
export type ViolationEvent = z.infer<typeof violationEvent>;
/** A free-text note. */
export type NoteEvent = z.infer<typeof noteEvent>;
/** The team paused the drill to resume it later. */
export type QuitEvent = z.infer<typeof quitEvent>;
/** Every step answered: the models' verdict and the outcome. */
export type EndEvent = z.infer<typeof endEvent>;
/** The kinds of journal event. */
export type EventType = JournalEvent['type'];

/** `Omit` that distributes over a union, so each event keeps its own fields. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before the session stamps it with its `seq` and clock reading. */
export type EventBody = DistributiveOmit<JournalEvent, 'seq' | 'at' | 'elapsedMs'>;

/** The body of a `start` event. */
export type StartBody = Omit<StartEvent, 'seq' | 'at' | 'elapsedMs'>;
