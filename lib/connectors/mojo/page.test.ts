// The DOM half of page.ts (formAnchor) runs against the fixture in Chromium: e2e/send-to-crm.spec.ts.
import { describe, expect, it } from 'vitest';
import { contactId, isContactHeading, isMojoWebUrl, parseContactId } from './page';

const id = (href: string) => contactId(new URL(href));

describe('contactId', () => {
  it('reads the contact sheet route on any account server', () => {
    expect(id('https://app31.mojosells.com/app/contacts/9001')).toBe(9001);
    expect(id('https://app7.mojosells.com/app/contacts/42/')).toBe(42);
    expect(id('https://app31.mojosells.com/app/contacts/9001?tab=notes#top')).toBe(9001);
  });

  it('falls back to ?contact= and #contact/', () => {
    expect(id('https://app31.mojosells.com/app/leads?contact=77')).toBe(77);
    expect(id('https://app31.mojosells.com/app/contacts#contact/78')).toBe(78);
    expect(id('https://app31.mojosells.com/app/calendar#/contact/79')).toBe(79);
  });

  it('prefers the path to the fallbacks', () => {
    expect(id('https://app31.mojosells.com/app/contacts/5?contact=6#contact/7')).toBe(5);
  });

  it('is null for the contact list, other pages and malformed ids', () => {
    expect(id('https://app31.mojosells.com/app/contacts')).toBeNull();
    expect(id('https://app31.mojosells.com/app/contacts/new')).toBeNull();
    expect(id('https://app31.mojosells.com/app/contacts/12/notes')).toBeNull();
    expect(id('https://app31.mojosells.com/app/contacts/0')).toBeNull();
    expect(id('https://app31.mojosells.com/app/contacts/-3')).toBeNull();
    expect(id('https://app31.mojosells.com/app/contacts/1234567890123456')).toBeNull();
    expect(id('https://app31.mojosells.com/?contact=1e3')).toBeNull();
    expect(id('https://app31.mojosells.com/?contact=')).toBeNull();
  });

  it('never on the dialer, even when it names a contact', () => {
    expect(id('https://app31.mojosells.com/data-and-dialer?group=41&view=power-dialer')).toBeNull();
    expect(id('https://app31.mojosells.com/data-and-dialer?contact=9001')).toBeNull();
    expect(id('https://app31.mojosells.com/data-and-dialer/#contact/9001')).toBeNull();
  });

  it('only on Mojo, over https', () => {
    expect(id('http://app31.mojosells.com/app/contacts/9001')).toBeNull();
    expect(id('https://app31.mojosells.com.evil.test/app/contacts/9001')).toBeNull();
    expect(id('https://mojosells.com.evil.test/app/contacts/9001')).toBeNull();
    expect(id('https://crm.zoho.com/app/contacts/9001')).toBeNull();
    expect(isMojoWebUrl(new URL('https://lb11.mojosells.com/login'))).toBe(true);
  });
});

describe('parseContactId', () => {
  it('takes positive decimal digits only', () => {
    expect(parseContactId('9001')).toBe(9001);
    expect(parseContactId('007')).toBe(7);
    expect(parseContactId(' 9001')).toBeNull();
    expect(parseContactId('0x10')).toBeNull();
    expect(parseContactId(null)).toBeNull();
  });
});

describe('isContactHeading', () => {
  it('matches the heading however it is cased or spaced', () => {
    expect(isContactHeading('Contact Information')).toBe(true);
    expect(isContactHeading('  CONTACT\n  information ')).toBe(true);
    expect(isContactHeading('contact\u00a0information')).toBe(true);
  });

  it('does not match text that merely contains it', () => {
    expect(isContactHeading('Edit Contact Information')).toBe(false);
    expect(isContactHeading('Contact')).toBe(false);
    expect(isContactHeading('')).toBe(false);
    expect(isContactHeading(null)).toBe(false);
  });
});
