import { describe, expect, it } from 'vitest';
import { DEFAULT_DIALER_URL_TEMPLATE, dialerUrl, dialerUrlPattern } from './dialer';

describe('dialerUrl', () => {
  it('fills the default template', () => {
    expect(dialerUrl(DEFAULT_DIALER_URL_TEMPLATE, 'https://app31.mojosells.com', 41)).toBe(
      'https://app31.mojosells.com/data-and-dialer?group=41&view=power-dialer',
    );
  });

  it('strips a trailing slash from the base and encodes the group', () => {
    expect(dialerUrl(DEFAULT_DIALER_URL_TEMPLATE, 'https://app31.mojosells.com/', 'a&b c')).toBe(
      'https://app31.mojosells.com/data-and-dialer?group=a%26b%20c&view=power-dialer',
    );
  });

  it('follows a custom template', () => {
    expect(dialerUrl('{base}/dialer/{group}', 'https://app7.mojosells.com//', 5)).toBe(
      'https://app7.mojosells.com/dialer/5',
    );
  });
});

describe('dialerUrlPattern', () => {
  it('matches any dialer page on the account server', () => {
    expect(dialerUrlPattern('https://app31.mojosells.com/')).toBe(
      'https://app31.mojosells.com/data-and-dialer*',
    );
  });

  it('leaves the port out, as match patterns require', () => {
    expect(dialerUrlPattern('https://localhost:8443')).toBe('https://localhost/data-and-dialer*');
  });
});
