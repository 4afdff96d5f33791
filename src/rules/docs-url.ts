/**
 * Where rule documentation lives on the web. Reporters that leave the terminal (SARIF,
 * Markdown) link each rule to its page; this is the one place to change when the project
 * moves, so that no reporter builds its own URL.
 */

/** The project's home page, used as the SARIF `informationUri`. */
export const PROJECT_URL = 'https://github.com/scsm-dr/scsm-dr';

/** The folder of the rule pages (`docs/rules/<id>.md`), with a trailing slash. */
export const RULE_DOCS_BASE_URL = `${PROJECT_URL}/blob/main/docs/rules/`;

/**
 * The documentation page of a rule, e.g.
 * `https://github.com/scsm-dr/scsm-dr/blob/main/docs/rules/promotion-order.md`.
 * The identifier is percent-encoded, so an unexpected id cannot change the URL's structure.
 */
export function ruleHelpUri(id: string): string {
  return `${RULE_DOCS_BASE_URL}${encodeURIComponent(id)}.md`;
}
