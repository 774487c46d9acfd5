// Where JSON text first breaks the grammar (RFC 8259), for messages: Node's parser often names no position, and
// its message quotes the text, which may hold a pasted secret. Iterative, so deep nesting cannot overflow it.

type State = 'value' | 'firstValue' | 'key' | 'firstKey' | 'after';

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const ESCAPABLE = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The offset of the first character that makes `text` invalid JSON (`text.length` for a premature end); undefined when valid. */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  const n = text.length;
  const open: ('{' | '[')[] = [];
  let state: State = 'value';
  let i = 0;
  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= n) return open.length === 0 && state === 'after' ? undefined : n;
    const c = text[i];
    if (state === 'after') {
      const top = open[open.length - 1];
      if (top === undefined) return i;
      if (c === ',') state = top === '{' ? 'key' : 'value';
      else if (c === (top === '{' ? '}' : ']')) open.pop();
      else return i;
      i++;
    } else if (state === 'key' || state === 'firstKey') {
      if (c === '}' && state === 'firstKey') {
        open.pop();
        i++;
        state = 'after';
        continue;
      }
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
      while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
      if (text[i] !== ':') return i;
      i++;
      state = 'value';
    } else if (c === ']' && state === 'firstValue') {
      open.pop();
      i++;
      state = 'after';
    } else if (c === '{' || c === '[') {
      open.push(c);
      i++;
      state = c === '{' ? 'firstKey' : 'firstValue';
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
      state = 'after';
    } else {
      LITERAL.lastIndex = i;
      if (!LITERAL.test(text)) return i;
      i = LITERAL.lastIndex;
      state = 'after';
    }
  }
}

/** The offset after the string starting at `start` (a quote), or -(offset + 1) of the character that breaks it. */
function stringEnd(text: string, start: number): number {
  for (let j = start + 1; ; j++) {
    if (j >= text.length) return -(text.length + 1);
    const ch = text[j];
    if (ch === '"') return j + 1;
    if (ch < ' ') return -(j + 1);
    if (ch === '\\') {
      const next = text[j + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return -(j + 1);
        j += 5;
      } else if (next !== undefined && ESCAPABLE.has(next)) {
        j++;
      } else {
        return -(j + 1);
      }
    }
  }
}
