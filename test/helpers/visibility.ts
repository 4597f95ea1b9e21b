/**
 * Makes the test page report itself hidden or visible and fires `visibilitychange`, as a browser
 * does when the tab is switched (headless Chromium tabs are always `visible`).
 */
export function setDocumentHidden(hidden: boolean): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') })
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
  document.dispatchEvent(new Event('visibilitychange'))
}
