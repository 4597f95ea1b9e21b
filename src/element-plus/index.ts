// 'vue-lifeline/element-plus': components over the composables. Explicit names only.
import './style.css'
export { en, zhCn } from './locale'
export type { LifelineLocale } from './locale'
