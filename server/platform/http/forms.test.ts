import { describe, expect, it } from 'vitest'
import { formErrors, safeReturnTo } from './forms.js'

describe('safeReturnTo', () => {
  it.each([
    ['/children?q=smith&sex=F', '/children?q=smith&sex=F'],
    ['/children/0b4e7a3c-1111-4222-8333-944445555666', '/children/0b4e7a3c-1111-4222-8333-944445555666'],
    ['/', '/'],
    ['//evil.example/phish', '/'],
    ['/\\evil.example', '/'],
    ['/\t/evil.example/phish', '/'],
    ['/\n/evil.example', '/'],
    ['/ /evil.example', '/'],
    ['https://evil.example', '/'],
    ['children', '/'],
    [undefined, '/'],
    [42, '/'],
  ])('%j → %s', (value, expected) => expect(safeReturnTo(value)).toBe(expected))
})

describe('formErrors', () => {
  it('keeps the first message per field, in order, linking to the field or the input named for it', () => {
    const result = formErrors(
      [
        { field: '/givenName', message: 'Enter the first name' },
        { field: '/dateOfBirth', message: 'Enter the date of birth' },
        { field: '/givenName', message: 'second message' },
      ],
      { dateOfBirth: 'dateOfBirth-day' },
    )
    expect(result.errors).toEqual([
      { text: 'Enter the first name', href: '#givenName' },
      { text: 'Enter the date of birth', href: '#dateOfBirth-day' },
    ])
    expect(result.fieldErrors).toEqual({ givenName: 'Enter the first name', dateOfBirth: 'Enter the date of birth' })
  })
})
