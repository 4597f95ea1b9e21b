import ElementPlus from 'element-plus'
import { createApp } from 'vue'
import App from './App.vue'
import ChaosPanel from './ChaosPanel.vue'
import { router } from './router'
import 'element-plus/dist/index.css'
// Element Plus's dark palette applies under `html.dark`, the class the dark-mode switch toggles
import 'element-plus/theme-chalk/dark/css-vars.css'

createApp(App)
  .use(ElementPlus)
  .use(router)
  // registered globally: playground `.vue` files may not use relative imports (the demos lint rule)
  .component('ChaosPanel', ChaosPanel)
  .mount('#app')
