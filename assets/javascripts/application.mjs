// Progressive enhancement only: every page works without this file.
import { initAll as initGovuk } from '/javascripts/govuk-frontend.min.js'
import { initAll as initMoj } from '/javascripts/moj-frontend.min.js'

initGovuk()
initMoj()

// Idle timeout warning: shown a few minutes before the server ends an idle session,
// with a way to stay signed in. The server's timeout is authoritative; this only warns.
const warning = document.querySelector('[data-module="app-timeout-warning"]')
if (warning) {
  const idleMs = Number(warning.getAttribute('data-idle-minutes')) * 60_000
  const warnMs = Number(warning.getAttribute('data-warning-minutes')) * 60_000
  const keepAliveUrl = warning.getAttribute('data-keep-alive-url')
  const signOutUrl = warning.getAttribute('data-timed-out-url')
  let warnTimer
  let endTimer
  const schedule = () => {
    clearTimeout(warnTimer)
    clearTimeout(endTimer)
    warnTimer = setTimeout(
      () => {
        warning.hidden = false
        warning.querySelector('button')?.focus()
      },
      Math.max(idleMs - warnMs, 0),
    )
    endTimer = setTimeout(() => {
      window.location.href = signOutUrl
    }, idleMs)
  }
  warning.querySelector('button')?.addEventListener('click', async () => {
    const response = await fetch(keepAliveUrl, { credentials: 'same-origin', headers: { accept: 'application/json' } })
    if (response.ok) {
      warning.hidden = true
      schedule()
    } else {
      window.location.href = signOutUrl
    }
  })
  schedule()
}
