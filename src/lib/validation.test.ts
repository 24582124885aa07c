import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { translator } from '../i18n/index.ts';
import { hasForbiddenChars, markdownText, plainText, toFieldErrors, webUrl } from './validation.ts';

describe('text validation', () => {
  it('refuses NUL, control characters and the mark of invalid UTF-8', () => {
    expect(hasForbiddenChars('a\u0000b')).toBe(true);
    expect(hasForbiddenChars('a\u0007b')).toBe(true);
    expect(hasForbiddenChars('caf\uFFFD')).toBe(true);
    expect(hasForbiddenChars('ligne 1\nligne 2\ttab')).toBe(false);
  });

  it('refuses HTML in plain text, allows harmless angle brackets', () => {
    const s = plainText({ min: 1, max: 50 });
    expect(s.safeParse('<b>gras</b>').success).toBe(false);
    expect(s.safeParse('3 < 5 et 7 > 2').success).toBe(true);
  });

  it('lets Markdown talk about tags but not carry scripts', () => {
    const s = markdownText({ max: 500 });
    expect(s.safeParse('Utilisez la balise `<div>` pour…').success).toBe(true);
    expect(s.safeParse('<script>alert(1)</script>').success).toBe(false);
    expect(s.safeParse('<img src=x onerror=alert(1)>').success).toBe(false);
  });

  it('adds https:// to a bare domain and refuses other schemes', () => {
    expect(webUrl().parse('fablab.example.org')).toBe('https://fablab.example.org');
    expect(webUrl().safeParse('javascript:alert(1)').success).toBe(false);
    expect(webUrl().safeParse('ftp://example.org').success).toBe(false);
  });

  it('turns issues into French messages per field', () => {
    const result = plainText({ min: 2, max: 5 }).safeParse('');
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(toFieldErrors(result.error, translator('fr'))).toEqual({ '': ['Ce champ est obligatoire.'] });
    }
  });

  it('says what a domain’s own rule names (a message key of the catalogue), not "invalid value"', () => {
    const schema = z.object({ skill: z.array(z.string()) }).refine((v) => v.skill.length > 0, {
      path: ['skill'],
      message: 'people.mySkills.noneChosen',
    });
    const result = schema.safeParse({ skill: [] });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(toFieldErrors(result.error, translator('fr'))).toEqual({ skill: ['Cochez au moins une compétence.'] });
    }
    const date = z.string().refine((d) => d >= '2026-01-01', 'calls.deadlinePast');
    const past = date.safeParse('2020-01-01');
    if (!past.success) {
      expect(toFieldErrors(past.error, translator('fr'))).toEqual({ '': ['La date doit être aujourd’hui ou plus tard.'] });
    }
    expect(past.success).toBe(false);
  });
});
