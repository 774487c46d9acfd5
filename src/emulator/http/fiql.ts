/**
 * FIQL as VCD's cloudapi uses it in `filter=`: `==`, `!=`, `=lt=`, `=le=`, `=gt=`, `=ge=`, `;` (AND),
 * `,` (OR, binds looser than AND) and parenthesised groups. `*` in an `==`/`!=` value is a wildcard.
 */
export type FiqlNode =
  | { readonly kind: 'and' | 'or'; readonly children: readonly FiqlNode[] }
  | { readonly kind: 'compare'; readonly selector: string; readonly operator: FiqlOperator; readonly value: string };

export type FiqlOperator = '==' | '!=' | '=lt=' | '=le=' | '=gt=' | '=ge=';

/** Reads one field of an item for comparison; `undefined` never matches `==`. */
export type FiqlFieldReader<T> = (item: T) => string | undefined;

/** A filter VCD would answer with "Cannot parse the supplied filter". */
export class FiqlParseError extends Error {
  public readonly code = 'EMULATOR_FIQL_PARSE';

  public constructor(message: string) {
    super(message);
    this.name = 'FiqlParseError';
  }
}

const OPERATORS: readonly FiqlOperator[] = ['==', '!=', '=lt=', '=le=', '=gt=', '=ge='];

/** Parses a FIQL expression into a tree. Throws FiqlParseError with the position of the problem. */
export function parseFiql(text: string): FiqlNode {
  let pos = 0;

  const fail = (what: string): never => {
    throw new FiqlParseError(`Cannot parse the supplied filter: ${what} at position ${pos}`);
  };

  const parseOr = (): FiqlNode => {
    const children = [parseAnd()];
    while (text[pos] === ',') {
      pos++;
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0] : { kind: 'or', children };
  };

  const parseAnd = (): FiqlNode => {
    const children = [parsePrimary()];
    while (text[pos] === ';') {
      pos++;
      children.push(parsePrimary());
    }
    return children.length === 1 ? children[0] : { kind: 'and', children };
  };

  const parsePrimary = (): FiqlNode => {
    if (text[pos] === '(') {
      pos++;
      const inner = parseOr();
      if (text[pos] !== ')') fail('expected ")"');
      pos++;
      return inner;
    }
    const selectorMatch = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(pos));
    if (!selectorMatch) return fail('expected a field name');
    const selector = selectorMatch[0];
    pos += selector.length;
    const operator = OPERATORS.find((op) => text.startsWith(op, pos));
    if (!operator) return fail(`expected an operator after "${selector}"`);
    pos += operator.length;
    const start = pos;
    while (pos < text.length && !';,()'.includes(text[pos])) pos++;
    const value = text.slice(start, pos);
    if (value.length === 0) fail(`expected a value for "${selector}"`);
    return { kind: 'compare', selector, operator, value };
  };

  if (text.length === 0) fail('empty filter');
  const tree = parseOr();
  if (pos !== text.length) fail(`unexpected "${text[pos]}"`);
  return tree;
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/**
 * Compiles a FIQL expression into a predicate over items. Fields not in `fields` are refused, as VCD
 * refuses filters on unknown properties.
 */
export function compileFiql<T>(
  text: string,
  fields: Readonly<Record<string, FiqlFieldReader<T>>>,
): (item: T) => boolean {
  const tree = parseFiql(text);
  const build = (node: FiqlNode): ((item: T) => boolean) => {
    if (node.kind !== 'compare') {
      const parts = node.children.map(build);
      return node.kind === 'and' ? (item) => parts.every((p) => p(item)) : (item) => parts.some((p) => p(item));
    }
    const read = Object.prototype.hasOwnProperty.call(fields, node.selector) ? fields[node.selector] : undefined;
    if (!read) {
      throw new FiqlParseError(
        `Cannot parse the supplied filter: unknown field "${node.selector}" (known: ${Object.keys(fields).join(', ')})`,
      );
    }
    const { operator, value } = node;
    if (operator === '==' || operator === '!=') {
      const matcher = value.includes('*') ? wildcardToRegExp(value) : undefined;
      const equal = (actual: string | undefined): boolean =>
        actual !== undefined && (matcher ? matcher.test(actual) : actual === value);
      return operator === '==' ? (item) => equal(read(item)) : (item) => !equal(read(item));
    }
    return (item) => {
      const actual = read(item);
      if (actual === undefined) return false;
      const cmp = actual < value ? -1 : actual > value ? 1 : 0;
      switch (operator) {
        case '=lt=':
          return cmp < 0;
        case '=le=':
          return cmp <= 0;
        case '=gt=':
          return cmp > 0;
        default:
          return cmp >= 0;
      }
    };
  };
  return build(tree);
}
