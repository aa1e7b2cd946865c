import { describe, expect, it } from 'vitest';
import { defuseMarkup, fitNoteBody, NOTE_FRAME_ROOM } from './text';

describe('defuseMarkup', () => {
  it('turns every tag, closing tag, comment and doctype into text', () => {
    expect(defuseMarkup('<img src=x onerror="alert(1)">')).toBe('&lt;img src=x onerror="alert(1)">');
    expect(defuseMarkup('<a href="javascript:alert(1)">x</a>')).toBe(
      '&lt;a href="javascript:alert(1)">x&lt;/a>',
    );
    expect(defuseMarkup('<!-- x --><!DOCTYPE html><?xml?>')).toBe(
      '&lt;!-- x -->&lt;!DOCTYPE html>&lt;?xml?>',
    );
    expect(defuseMarkup('<SCRIPT>x</SCRIPT>')).toBe('&lt;SCRIPT>x&lt;/SCRIPT>');
  });

  it('leaves text that cannot start markup as it was typed', () => {
    for (const text of ['a < b', 'I <3 this house', '5<6', 'price < $500k', '→ <', 'Zoë 🦄 <']) {
      expect(defuseMarkup(text)).toBe(text);
    }
  });
});

describe('fitNoteBody', () => {
  it('leaves a note that fits, or any note when the CRM has no limit', () => {
    expect(fitNoteBody('short', 1_000)).toEqual({ text: 'short', truncated: false });
    expect(fitNoteBody('x'.repeat(100_000), undefined)).toEqual({
      text: 'x'.repeat(100_000),
      truncated: false,
    });
  });

  it('cuts a long note to leave room for the connector, and says how long it was', () => {
    const { text, truncated } = fitNoteBody(`Start ${'y'.repeat(99_994)}`, 10_000);
    expect(truncated).toBe(true);
    expect(text.length).toBeLessThanOrEqual(10_000 - NOTE_FRAME_ROOM);
    expect(text.startsWith('Start ')).toBe(true);
    expect(text.endsWith('[Shortened by Mojo Bridge: the full note was 100,000 characters]')).toBe(true);
  });

  it('never splits an emoji in two', () => {
    const body = '🦄'.repeat(20_000);
    const { text } = fitNoteBody(body, 10_000);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
