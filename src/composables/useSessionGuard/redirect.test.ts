// Redirect targets: only the page's own origin passes, judged by the URL parser (the bypasses that
// defeat string checks are the cases).
import { describe, expect, it } from 'vitest'
import { sameOriginUrl } from './redirect'

const ORIGIN = 'https://app.example.com'

describe('sameOriginUrl', () => {
  it.each([
    ['/authorize/logout', 'https://app.example.com/authorize/logout'],
    ['login?next=%2Fhome#top', 'https://app.example.com/login?next=%2Fhome#top'],
    ['https://app.example.com/bye', 'https://app.example.com/bye'],
    [new URL('https://app.example.com/x'), 'https://app.example.com/x'],
    // percent-encoded control characters are not stripped: this is a harmless path, not a scheme
    ['java%0d%0ascript:alert(0)', 'https://app.example.com/java%0d%0ascript:alert(0)'],
  ])('accepts %s', (target, expected) => {
    expect(sameOriginUrl(target, ORIGIN)).toBe(expected)
  })

  it.each([
    'https://evil.example/logout',
    '//evil.example/logout',
    '/\\evil.example/logout',
    '\\\\evil.example',
    'https://app.example.com.evil.example/',
    'http://app.example.com/', // another scheme is another origin
    'https://app.example.com:8443/',
    'javascript:alert(1)',
    'java\nscript:alert(1)',
    ' javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:https://app.example.com/1',
    '',
    undefined,
    null,
    42,
    {},
  ])('refuses %s', (target) => {
    expect(sameOriginUrl(target, ORIGIN)).toBeNull()
  })

  it('without a page (Node), accepts paths only and answers with the path', () => {
    expect(sameOriginUrl('/authorize/logout?x=1', undefined)).toBe('/authorize/logout?x=1')
    expect(sameOriginUrl('https://app.example.com/x', undefined)).toBeNull()
    expect(sameOriginUrl('//evil.example', undefined)).toBeNull()
  })
})
