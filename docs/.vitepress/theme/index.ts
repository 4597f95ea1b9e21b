// The default VitePress theme plus Element Plus (the demos and the components use it) and the
// `<DemoBlock>` that `::: demo <unit>` renders, and the charts of the performance page.
import type { Theme } from 'vitepress'
import ElementPlus from 'element-plus'
import DefaultTheme from 'vitepress/theme'
import BenchChart from './BenchChart.vue'
import BenchFacts from './BenchFacts.vue'
import { demoBackend, HEALTH_URL } from './demoBackend'
import DemoBlock from './DemoBlock.vue'
import 'element-plus/dist/index.css'
// VitePress toggles `html.dark`, the same class Element Plus's dark palette keys on
import 'element-plus/theme-chalk/dark/css-vars.css'

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.use(ElementPlus)
    app.component('DemoBlock', DemoBlock)
    app.component('BenchChart', BenchChart)
    app.component('BenchFacts', BenchFacts)
    // (provided, not imported: docs .vue files may import only vue-lifeline and its subpaths)
    app.provide('lifeline:demo-backend', { decide: demoBackend, healthUrl: HEALTH_URL })
  },
}

// VitePress loads the theme from this file's default export (the one exception to named exports)
export default theme
