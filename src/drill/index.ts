/**
 * Drill rehearsal: the pure core (a state machine over journal events), the journal, the
 * session loop, injected surprises, and the after-action report.
 */
export {
  type AfterAction,
  afterAction,
  type DrillsEntry,
  drillsEntryYaml,
  type StepRecord,
} from './after-action.js';
export { arrayAnswers, type ClosableAnswerSource, streamAnswers, terminalAnswers } from './answers.js';
export {
  ANSWER_KEYS,
  awaitingAnswer,
  createDrill,
  type DrillContext,
  type DrillState,
  drillOutcome,
  evolve,
  initialDrillState,
  interpret,
  JournalMismatchError,
  type NewDrillOptions,
  nextEvent,
  replay,
  resumeDrill,
  scenarioHash,
  stepSnapshots,
} from './core.js';
export { type DeviationInput, NameResolver, parseDeviation, splitWords } from './deviation.js';
export {
  type EventBody,
  type InjectedFault,
  JOURNAL_FORMAT,
  type JournalEvent,
  journalEventSchema,
  type StartBody,
  type StartEvent,
} from './events.js';
export { environmentDuration, formatClock } from './format.js';
export { drillGantt } from './gantt.js';
export {
  announceFault,
  applyFault,
  chooseFaults,
  faultCandidatesFor,
  MAX_INJECT,
  seededRandom,
} from './inject.js';
export {
  chainHash,
  type JournalProblem,
  type JournalSink,
  MemoryJournal,
  type ParsedJournal,
  parseJournal,
  serializeEvents,
  stamp,
} from './journal.js';
export { JournalFile, JournalFileError, readJournalFile } from './journal-file.js';
export { type Paint, PLAIN } from './render.js';
export {
  DRILL_REPORT_FORMATS,
  type DrillReportFormat,
  renderDrillHtml,
  renderDrillJson,
  renderDrillMarkdown,
  renderDrillReport,
} from './report.js';
export { type AnswerSource, runDrillSession, type SessionIo, type SessionResult } from './session.js';
