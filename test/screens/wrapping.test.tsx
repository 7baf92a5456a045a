import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { KeyHints, Message } from '../../components/Message.js';
import { SelectList } from '../../components/SelectList.js';
import { Spinner } from '../../components/Spinner.js';
import { TextInput } from '../../components/TextInput.js';
import { installScreenHooks, plain } from './driver.js';

installScreenHooks();

// Issue 22, item 11: how text wraps at the widths people use.
const lines = (frame: string | undefined) => plain(frame).split('\n');

describe('wrapping', () => {
  it('a warning wrapped at 80 columns: no line starts with a space; the text hangs under its first word', () => {
    const text = 'Port 1455 is in use (is another sign-in running?), so the browser cannot hand the sign-in back here. Open the link, sign in, and paste the address the browser lands on.';
    const frame = lines(render(<Box width={80}><Message tone="warn">{text}</Message></Box>).lastFrame());
    expect(frame.length).toBeGreaterThan(1);
    expect(frame[0]).toMatch(/^▲ Port/);
    for (const line of frame.slice(1)) expect(line).toMatch(/^ {2}\S/);
    expect(frame.map((l) => l.trim()).join(' ')).toBe(`▲ ${text}`);
  });

  it("a wait's words hang beside its spinner at 60 columns: no line starts with a space", () => {
    const label = 'Waiting for the pasted address, or for the sign-in through the forwarded port…';
    const frame = lines(render(<Box width={60}><Spinner label={label} /></Box>).lastFrame());
    expect(frame.length).toBeGreaterThan(1);
    expect(frame[0]).toMatch(/^\S Waiting/);
    for (const line of frame.slice(1)) expect(line).toMatch(/^ {2}\S/);
    expect(frame.map((l) => l.trim()).join(' ').slice(2)).toBe(label);
  });

  it('a list item wrapped at 40 columns keeps its indent', () => {
    const frame = lines(
      render(
        <Box width={40}>
          <SelectList items={[{ key: 'a', label: 'OpenAI Codex: ChatGPT sign-in with a long label', hint: 'not set up · fits here: nothing to paste back at all' }]} onSelect={() => undefined} />
        </Box>,
      ).lastFrame(),
    );
    expect(frame[0]).toMatch(/^❯ OpenAI/);
    expect(frame[1]).toMatch(/^ {2}\S/);
    for (const line of frame.slice(2)) expect(line).toMatch(/^ {4}\S/);
  });

  it("the Codex screen's keys fit on one line at 80 columns", () => {
    const hints: [string, string][] = [['Enter', 'submit the address'], ['Tab', 'device code instead'], ['Esc', 'cancel'], ['Ctrl+C', 'quit']];
    const frame = lines(render(<Box width={80}><KeyHints hints={hints} /></Box>).lastFrame());
    expect(frame).toHaveLength(1);
  });

  it("a field's hint as it is typed has a mark", async () => {
    const app = render(<TextInput label="New agent id" initialValue="Bad" liveProblem={() => 'use lowercase letters'} tooLongNote={() => ''} onSubmit={() => undefined} />);
    expect(plain(app.lastFrame())).toMatch(/▲ use lowercase letters/);
  });
});

// Issue 22, item 1: a list never makes a frame as tall as the terminal.
describe('a list in a short terminal', () => {
  const items = Array.from({ length: 8 }, (_, i) => ({ key: `k${i}`, label: `Item ${i}`, hint: `state of item ${i}` }));
  it('drops its hint lines, then shows a window around the cursor', () => {
    const roomy = lines(render(<SelectList items={items} onSelect={() => undefined} maxRows={16} />).lastFrame());
    expect(roomy).toHaveLength(16);
    const short = lines(render(<SelectList items={items} onSelect={() => undefined} maxRows={10} />).lastFrame());
    expect(short).toHaveLength(8);
    expect(short.join('\n')).not.toContain('state of');
    const tiny = lines(render(<SelectList items={items} initialKey="k6" onSelect={() => undefined} maxRows={5} />).lastFrame());
    expect(tiny.length).toBeLessThanOrEqual(5);
    expect(tiny.join('\n')).toContain('❯ Item 6');
    expect(tiny[0]).toMatch(/↑ \d/);
  });
});
