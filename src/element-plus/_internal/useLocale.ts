import type { ComputedRef, Ref } from 'vue'
import type { LifelineLocale } from '../locale'
import { localeContextKey } from 'element-plus'
import { computed, inject } from 'vue'

type Strings = LifelineLocale['lifeline']

/** `a.b.c` paths to the strings of an object type. */
type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Paths<T[K], `${Prefix}${K}.`>
}[keyof T & string]

/** A key of our strings, as components ask for it (`lifeline.liveFeed.empty`). */
export type LifelineLocaleKey = Paths<Pick<LifelineLocale, 'lifeline'>>

/** Fills `{name}` placeholders. */
export type Translate = (key: LifelineLocaleKey, values?: Record<string, string | number>) => string

const lookup = (source: unknown, path: string): unknown =>
  path.split('.').reduce<any>((node, part) => node?.[part], source)

/**
 * Our strings through Element Plus's locale context: the locale that `ElConfigProvider` or
 * `app.use(ElementPlus, { locale })` provides, into which users merge our pack
 * (`{ ...elZhCn, ...zhCn }`). A key the active locale lacks (Element Plus alone, or an older pack) falls
 * back to the English `fallback` parts the component passes, never to the raw key.
 */
export function useLocale(fallback: Partial<Strings>): { t: Translate, lang: ComputedRef<string> } {
  const locale = inject(localeContextKey, undefined) as Ref<{ name?: string } | undefined> | undefined
  const t: Translate = (key, values) => {
    const found = lookup(locale?.value, key)
    const text = typeof found === 'string' ? found : lookup({ lifeline: fallback }, key) as string
    return values ? text.replace(/\{(\w+)\}/g, (all, name: string) => name in values ? String(values[name]) : all) : text
  }
  return { t, lang: computed(() => locale?.value?.name ?? 'en') }
}
