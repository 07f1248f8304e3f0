/**
 * UI-SAVE-1: what the save indicator says as unconfirmed changes come and go, on an injected
 * clock (the component passes Date.now()).
 */
import { describe, expect, it } from 'vitest'
import { describeSave, EDIT_GAP_MS, initialTracker, SAVING_AFTER_MS, track, type SaveTracker } from '@consenso/client/save-display'

const online = { save: 'saving' as const, connection: 'connected', everConnected: true }
const saved = { ...online, save: 'saved' as const }
const offline = { save: 'offline' as const, connection: 'disconnected', everConnected: true }

describe('the save indicator', () => {
  it('[UI-SAVE-1] a keystroke confirmed within a second never shows "Saving…"', () => {
    let tracker: SaveTracker = initialTracker
    // 50 keystrokes 80 ms apart, each confirmed 60 ms later.
    for (let i = 0; i < 50; i++) {
      const at = i * 80
      tracker = track(tracker, 1, at)
      expect(describeSave(tracker, online, at + 59).look).toBe('saved')
      tracker = track(tracker, 0, at + 60)
      expect(describeSave(tracker, saved, at + 60).look).toBe('saved')
    }
    expect(tracker.savedAt).toBe(49 * 80 + 60)
  })

  it('[UI-SAVE-1] says "Saving…" once the oldest unconfirmed change has waited a second, and asks to be looked at then', () => {
    let tracker = track(initialTracker, 1, 1000)
    tracker = track(tracker, 3, 1400)
    const early = describeSave(tracker, online, 1500)
    expect(early.look).toBe('saved')
    expect(early.recheckIn).toBe(SAVING_AFTER_MS - 500)
    expect(describeSave(tracker, online, 1000 + SAVING_AFTER_MS).look).toBe('saving')
    // The first change is confirmed: the oldest waiting one is 1400's, 600 ms old at 2000.
    tracker = track(tracker, 2, 1900)
    expect(describeSave(tracker, online, 2000).look).toBe('saved')
    expect(describeSave(tracker, online, 1400 + SAVING_AFTER_MS).look).toBe('saving')
  })

  it('[UI-SAVE-1] counts edits as a person remembers them: a typed phrase with its corrections is one', () => {
    let tracker: SaveTracker = initialTracker
    // Offline: 21 keystrokes of one phrase (Backspaces included), then a second phrase after a pause.
    for (let i = 1; i <= 21; i++) tracker = track(tracker, i, i * 150)
    expect(describeSave(tracker, offline, 4000)).toMatchObject({ look: 'offline', edits: 1 })
    const later = 21 * 150 + EDIT_GAP_MS + 1
    for (let i = 22; i <= 30; i++) tracker = track(tracker, i, later + (i - 22) * 100)
    expect(describeSave(tracker, offline, later + 2000)).toMatchObject({ look: 'offline', edits: 2 })
    // Back online, the first phrase is confirmed: one edit left, then none.
    tracker = track(tracker, 9, later + 5000)
    expect(describeSave(tracker, online, later + 5001).edits).toBe(1)
    tracker = track(tracker, 0, later + 5100)
    expect(describeSave(tracker, saved, later + 65_100)).toMatchObject({ look: 'saved', edits: 0, savedAgo: 60_000 })
  })

  it('[UI-SAVE-1] the first connection reads "Connecting…", not "Offline"', () => {
    expect(describeSave(initialTracker, { save: 'offline', connection: 'connecting', everConnected: false }, 0).look).toBe('connecting')
    expect(describeSave(track(initialTracker, 2, 0), { save: 'offline', connection: 'connecting', everConnected: false }, 10).look).toBe('offline')
  })
})
