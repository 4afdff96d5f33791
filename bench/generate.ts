/** The environment generator of the benchmarks (src/engine/generate.ts), re-exported. */
export {
  type GenerateOptions,
  generatedComputerCount,
  generateEnvironment,
  generateLongPlan,
} from '../src/engine/generate.js';
