/**
 * Where JSON text stops being JSON: the offset of the first character JSON.parse cannot take (the text's
 * length when it ends too early), or null when it is valid. Run only after JSON.parse has failed: V8's
 * messages are English, vary between Node versions, and some give no position at all.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const fail = (at: number): never => {
    throw new JsonStop(at);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const word = (w: string) => {
    for (const ch of w) if (text[i++] !== ch) fail(i - 1);
  };
  const digits = () => {
    const start = i;
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
    if (i === start) fail(i);
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') (i++, digits());
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail(i);
      const ch = text[i]!;
      if (ch === '"') return void i++;
      if (ch < ' ') fail(i);
      if (ch !== '\\') {
        i++;
        continue;
      }
      const esc = text[i + 1];
      if (esc === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(Math.min(i + 2, text.length));
        i += 6;
      } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2;
      else fail(i + 1);
    }
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === undefined) fail(i);
    else if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail(i);
        string();
        space();
        if (text[i] !== ':') fail(i);
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail(i);
      }
    } else if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail(i);
      }
    } else if (ch === '"') string();
    else if (ch === 't') word('true');
    else if (ch === 'f') word('false');
    else if (ch === 'n') word('null');
    else if (ch === '-' || (ch >= '0' && ch <= '9')) number();
    else fail(i);
  };
  try {
    value();
    space();
    return i < text.length ? i : null;
  } catch (error) {
    if (error instanceof JsonStop) return Math.min(error.at, text.length);
    return null; // nested too deep for this scanner's stack: no position, still not JSON
  }
}

class JsonStop {
  constructor(readonly at: number) {}
}

/** 1-based line and column of `offset` in `text` (columns count UTF-16 units, as editors mostly do). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}
