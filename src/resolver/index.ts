// 'vue-lifeline/resolver': auto-import of vue-lifeline components for unplugin-vue-components. Runs in
// the user's build (Node), so it imports nothing: no Vue, no Element Plus, no component code.

/**
 * The Element Plus components each vue-lifeline component renders. Their styles come along with it:
 * Element Plus's own resolver only styles the components written in *your* templates (element-plus
 * #10684), so a tag inside our badge would otherwise be unstyled. A new component adds itself here.
 */
export const LIFELINE_COMPONENTS: Readonly<Record<string, readonly string[]>> = {
  LlConnectionBadge: ['tag', 'tooltip', 'button'],
  LlLiveFeed: ['button'],
  LlSessionGuard: ['dialog', 'overlay', 'button'],
}

/** Options of {@link LifelineResolver}. */
export interface LifelineResolverOptions {
  /**
   * Import each component's stylesheet along with it: `true` / `'css'`, or `false` when you import
   * `vue-lifeline/element-plus/style.css` yourself.
   * @default 'css'
   */
  importStyle?: boolean | 'css'
  /**
   * Also import the styles of the Element Plus components ours render (`element-plus/es/components/…/style/css`).
   * Set `false` when you load Element Plus's full stylesheet.
   * @default true
   */
  elementPlusStyles?: boolean
  /** Names to leave alone (for a component of yours that starts with `Ll`). */
  exclude?: RegExp
}

/** What unplugin-vue-components expects of a resolver (its `ComponentResolver`, written out here). */
export interface LifelineComponentResolver {
  type: 'component'
  resolve: (name: string) => { name: string, from: string, sideEffects?: string[] } | undefined
}

/** `LlLiveFeed` → `live-feed`. */
const kebab = (name: string): string => name.replace(/^Ll/, '').replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())

/**
 * Resolves `<LlLiveFeed>` / `<ll-live-feed>` and the other vue-lifeline components to
 * `vue-lifeline/element-plus`, with their styles:
 *
 * ```ts
 * Components({ resolvers: [ElementPlusResolver(), LifelineResolver()] })
 * ```
 */
export function LifelineResolver(options: LifelineResolverOptions = {}): LifelineComponentResolver {
  const { importStyle = 'css', elementPlusStyles = true, exclude } = options
  return {
    type: 'component',
    resolve: (name) => {
      if (!Object.hasOwn(LIFELINE_COMPONENTS, name) || exclude?.test(name))
        return undefined
      const sideEffects = importStyle
        ? [
            ...(elementPlusStyles ? ['element-plus/es/components/base/style/css', ...LIFELINE_COMPONENTS[name]!.map(c => `element-plus/es/components/${c}/style/css`)] : []),
            `vue-lifeline/element-plus/styles/${kebab(name)}.css`,
          ]
        : undefined
      return { name, from: 'vue-lifeline/element-plus', sideEffects }
    },
  }
}
