// Strings chosen by the server or by other users (token names, user names, org names, error messages) are
// printed to CI logs. GitHub Actions executes lines that start with `::` as workflow commands and decodes
// `%0A`-style escapes inside them; terminals act on ANSI escapes. Before printing, such strings are
// neutralised: control characters become visible `\xNN`, `%` becomes `%25`, and `::` is broken up.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function neutralizeForDisplay(value: string): string {
  return value
    .replace(/%/g, '%25')
    .replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/::/g, ':\u200b:');
}
