import { describe, expect, it } from 'vitest';
import {
  ANNOTATIONS_PER_KIND,
  escapeGithubData,
  escapeGithubProperty,
  githubReporter,
} from '../../src/report/reporters/github.js';
import { checkResult, FINDINGS, HOSTILE } from './fixtures.js';

describe('github workflow-command escaping', () => {
  it('escapes data as the runner decodes it: %, CR and LF', () => {
    expect(escapeGithubData('a%0A::error::b')).toBe('a%250A::error::b');
    expect(escapeGithubData('line\nbreak\rCR\r\n')).toBe('line%0Abreak%0DCR%0D%0A');
    expect(escapeGithubData('100%')).toBe('100%25');
  });

  it('escapes properties also for : and ,', () => {
    expect(escapeGithubProperty('a,b:c%d\ne')).toBe('a%2Cb%3Ac%25d%0Ae');
  });

  it('writes one command line per finding of the hostile fixture, and a closing line', () => {
    const output = githubReporter(checkResult(), { failOn: 'error' });
    const lines = output.trimEnd().split('\n');
    expect(FINDINGS.length).toBeLessThanOrEqual(ANNOTATIONS_PER_KIND);
    expect(lines).toHaveLength(FINDINGS.length + 1);
    expect(lines.slice(0, -1).every((line) => /^::(error|warning|notice) file=/.test(line))).toBe(true);
    expect(output).not.toContain('\r');
    expect(output).not.toContain('\u001b');
    expect(lines.filter((line) => line.includes(escapeGithubData('[link](javascript:x)')))).toHaveLength(
      FINDINGS.filter((finding) => finding.message.includes(HOSTILE)).length,
    );
  });
});
