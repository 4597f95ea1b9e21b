import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** `LiveFeed` → `live-feed`. */
export const kebabCase = (name: string): string => name.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())

/** Every component folder of `src/element-plus` that has its own `style.css`, as `[kebab name, path]`. */
export function componentStyleSheets(dir: string): Array<[name: string, path: string]> {
  return readdirSync(dir, { withFileTypes: true })
    .filter(entry => entry.isDirectory() && existsSync(join(dir, entry.name, 'style.css')))
    .map(entry => [kebabCase(entry.name), join(dir, entry.name, 'style.css')])
}

/**
 * Vite build plugin: ships each component's stylesheet on its own as `element-plus/styles/<name>.css`
 * (next to the combined `element-plus.css`), for the auto-import resolver, which imports a component's
 * style with the component. The sources are plain CSS, so they ship as written.
 */
export function componentStyles(dir: string): { name: string, apply: 'build', generateBundle: (this: { emitFile: (file: { type: 'asset', fileName: string, source: string }) => string }) => void } {
  return {
    name: 'lifeline:component-styles',
    apply: 'build',
    generateBundle() {
      for (const [name, path] of componentStyleSheets(dir))
        this.emitFile({ type: 'asset', fileName: `element-plus/styles/${name}.css`, source: readFileSync(path, 'utf8') })
    },
  }
}
