/**
 * Where a drill's answers come from: the terminal (readline with a live clock in the prompt),
 * a pipe or a file (one answer per line, scripted rehearsals), or an array (tests).
 */
import { createInterface, type Interface } from 'node:readline';
import type { AnswerSource } from './session.js';

/** An answer source that can also be closed (to stop reading stdin when the drill ends). */
export interface ClosableAnswerSource extends AnswerSource {
  close(): void;
}

/** Answers from a list, for tests and the library. */
export function arrayAnswers(lines: readonly string[]): ClosableAnswerSource {
  let next = 0;
  return {
    next: async () => lines[next++],
    close: () => undefined,
  };
}

/**
 * Answers read line by line from a stream (a pipe, a file): no prompt, no terminal control.
 * Lines are taken as they arrive, so a script may feed them one at a time.
 */
export function streamAnswers(input: NodeJS.ReadableStream): ClosableAnswerSource {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  // Created at once, so no line that arrives before the first prompt is lost.
  const iterator = lines[Symbol.asyncIterator]();
  return {
    async next() {
      const result = await iterator.next();
      return result.done === true ? undefined : result.value;
    },
    close: () => lines.close(),
  };
}

/**
 * Answers typed at a terminal. The prompt carries the drill clock and is redrawn every second
 * while the team thinks (what they have typed so far stays). Ctrl-C and Ctrl-D mean `q`: the
 * drill pauses and the journal records it, so nothing typed before is lost.
 */
export function terminalAnswers(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): ClosableAnswerSource {
  const rl: Interface = createInterface({ input, output, terminal: true, historySize: 200 });
  let closed = false;
  rl.on('close', () => {
    closed = true;
  });
  return {
    next(prompt) {
      if (closed) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const draw = (keepInput: boolean): void => {
          rl.setPrompt(prompt());
          rl.prompt(keepInput);
        };
        const timer = setInterval(() => draw(true), 1000);
        const finish = (line: string | undefined): void => {
          clearInterval(timer);
          rl.off('line', onLine);
          rl.off('close', onClose);
          rl.off('SIGINT', onInterrupt);
          resolve(line);
        };
        const onLine = (line: string): void => finish(line);
        const onClose = (): void => finish('q');
        const onInterrupt = (): void => {
          output.write('^C\n');
          finish('q');
        };
        rl.on('line', onLine);
        rl.on('close', onClose);
        rl.on('SIGINT', onInterrupt);
        draw(false);
      });
    },
    close: () => {
      if (!closed) rl.close();
    },
  };
}
