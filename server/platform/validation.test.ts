import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fieldErrors } from './validation.js'

describe('fieldErrors', () => {
  it('gives RFC 6901 JSON Pointers: "" for the whole body, escaped tokens, array indexes', () => {
    const schema = z.object({ 'a/b': z.string(), 'c~d': z.string(), list: z.array(z.number()) })
    const whole = schema.safeParse('not an object')
    expect(whole.success || fieldErrors(whole.error).map((e) => e.field)).toEqual([''])
    const parts = schema.safeParse({ 'a/b': 1, 'c~d': 2, list: [1, 'x'] })
    expect(parts.success || fieldErrors(parts.error).map((e) => e.field)).toEqual(['/a~1b', '/c~0d', '/list/1'])
  })
})
