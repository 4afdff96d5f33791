/**
 * The exit-code policy moved to `src/common/exit-code.ts`, below the reporters, so that no
 * reporter imports the command line. This re-export keeps the `score` and `report` commands
 * compiling until their owner imports the policy from its new place; nothing else uses it.
 */
export {
  EXIT,
  exitCode,
  type FailOn,
  failsGate,
  readinessExitCode,
  type ScoreGate,
} from '../common/exit-code.js';
