import type { VueWrapper } from '@vue/test-utils'
import type { Component } from 'vue'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'

const mounted: VueWrapper[] = []

/** Mounts `component` with Element Plus into a fresh element of the test page; undone by {@link unmountAll}. */
export function mountInPage(component: Component, plugins: unknown[] = []): { wrapper: VueWrapper, host: HTMLElement } {
  const host = document.body.appendChild(document.createElement('div'))
  const wrapper = mount(component, { attachTo: host, global: { plugins: [ElementPlus, ...plugins] as any } })
  mounted.push(wrapper)
  return { wrapper, host }
}

/** Unmounts everything {@link mountInPage} mounted and empties the page (use in `afterEach`). */
export function unmountAll(): void {
  mounted.splice(0).forEach(wrapper => wrapper.unmount())
  document.body.replaceChildren()
}
