import { describe, expect, it } from 'vitest'
import { londonInstant } from './london-instant.js'

describe('londonInstant', () => {
  it.each([
    ['2026-01-15', '09:30', '2026-01-15T09:30:00.000Z'], // winter: London is UTC
    ['2026-07-15', '09:30', '2026-07-15T08:30:00.000Z'], // summer: UTC+1
    ['2026-03-29', '12.00', '2026-03-29T11:00:00.000Z'], // the day the clocks go forward, after the change
    ['2026-10-25', '23:59', '2026-10-25T23:59:00.000Z'], // the day they go back, after the change
    ['2026-02-30', '09:30', null],
    ['2026-01-15', '24:00', null],
    ['2026-01-15', 'half nine', null],
  ])('%s %s → %s', (date, time, expected) => {
    expect(londonInstant(date, time)).toBe(expected)
  })
})
