export { en } from './lang/en'
export { zhCn } from './lang/zh-cn'
export type { LifelineLocale } from './types'
