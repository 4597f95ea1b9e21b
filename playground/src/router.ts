import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import { createRouter, createWebHistory } from 'vue-router'

type Loader = () => Promise<{ default: Component }>

declare module 'vue-router' {
  interface RouteMeta {
    /** Label in the nav, page heading and part of the tab title: the unit folder or the scenario file name. */
    title?: string
    /** Nav section. */
    group?: 'Demos' | 'Scenarios'
    /** The unit's docs page, relative to the docs root (`composables/use-event-source`), when it has one. */
    docs?: string
  }
}

// Globs, not a hand-written list: a new unit's demo.vue shows up without touching the playground.
const demoModules = import.meta.glob<{ default: Component }>('../../src/**/demo.vue')
const scenarioModules = import.meta.glob<{ default: Component }>('./scenarios/*.vue')
// the docs page of a unit is the one that shows its demo (`::: demo <unit>`): no mapping to maintain
const docsPages = import.meta.glob<string>('../../docs/**/*.md', { query: '?raw', import: 'default', eager: true })

/** `…/useEventSource/demo.vue` → `useEventSource`; `…/scenarios/raw.vue` → `raw`. */
const demoUnit = (file: string): string => file.split('/').at(-2) ?? file
const scenarioName = (file: string): string => file.split('/').at(-1)!.replace(/\.vue$/, '')

/** `../../docs/composables/use-event-source.md` for `useEventSource` → `composables/use-event-source`. */
function docsPageOf(unit: string): string | undefined {
  const marker = new RegExp(`^:::\\s*demo\\s+${unit}\\s*$`, 'm')
  const file = Object.keys(docsPages).find(path => marker.test(docsPages[path]))
  return file?.replace(/^.*?\/docs\//, '').replace(/\.md$/, '')
}

const entries = (modules: Record<string, Loader>, name: (file: string) => string) =>
  Object.entries(modules)
    .map(([file, load]) => ({ name: name(file), load }))
    .sort((a, b) => a.name.localeCompare(b.name))

const demos = entries(demoModules, demoUnit)
const scenarios = entries(scenarioModules, scenarioName)

const pages: RouteRecordRaw[] = [
  // route name = the unit folder, path `/<unit>` (e.g. `/useEventSource`)
  ...demos.map(d => ({ path: `/${d.name}`, name: d.name, component: d.load, meta: { title: d.name, group: 'Demos' as const, docs: docsPageOf(d.name) } })),
  ...scenarios.map(s => ({ path: `/scenarios/${s.name}`, name: `scenario-${s.name}`, component: s.load, meta: { title: s.name, group: 'Scenarios' as const } })),
]

const routes: RouteRecordRaw[] = [
  ...pages,
  { path: '/', redirect: pages[0]?.path ?? '/scenarios/raw' },
  { path: '/:missing(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory(), routes })

// one title per page, so tabs and history entries say which demo they are
router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · vue-lifeline playground` : 'vue-lifeline playground'
})
