// `::: demo useEventSource` … `:::` in a docs page becomes the unit's live `demo.vue` plus its highlighted
// source, so a demo is written once and can never drift from what the page shows (aesthetics rule 12).
// Written as a small block rule rather than with markdown-it-container: VitePress bundles that package
// privately, so the docs cannot import it.
import type { MarkdownRenderer } from 'vitepress'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

type BlockRule = Parameters<MarkdownRenderer['block']['ruler']['before']>[2]
type StateBlock = Parameters<BlockRule>[0]

/** Options of `demoContainer`. */
export interface DemoContainerOptions {
  /** Repository root: demos are searched in `<root>/src/**\/<unit>/demo.vue`, paths shown relative to it. */
  root: string
}

const OPEN = /^:::\s*demo\s+([\w-]+)\s*$/
const CLOSE = /^:::\s*$/
/** A line indented this much (relative to the block) is an indented code block, never a fence or container. */
const CODE_INDENT = 4
const IGNORED_DIRS = new Set(['node_modules', '__screenshots__', 'dist'])

/** Finds `<unit>/demo.vue` anywhere under `dir`; the unit name is the demo's folder, as in the playground. */
export function findDemo(dir: string, unit: string): string | undefined {
  const own = join(dir, unit, 'demo.vue')
  if (existsSync(own))
    return own
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || IGNORED_DIRS.has(entry.name))
      continue
    const found = findDemo(join(dir, entry.name), unit)
    if (found)
      return found
  }
  return undefined
}

const lineAt = (state: StateBlock, line: number): string =>
  state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line])

/** Registers the `::: demo <unit>` container. Text between the markers renders as the demo's description. */
export function demoContainer(md: MarkdownRenderer, options: DemoContainerOptions): void {
  const srcDir = join(options.root, 'src')
  // VitePress parses a page several times (client, server, search index): warn once per unit
  const warned = new Set<string>()

  const rule: BlockRule = (state, startLine, endLine, silent) => {
    if (state.sCount[startLine] - state.blkIndent >= CODE_INDENT)
      return false
    const match = OPEN.exec(lineAt(state, startLine))
    if (!match)
      return false
    if (silent)
      return true

    let closeLine = startLine + 1
    let closed = false
    for (; closeLine < endLine; closeLine++) {
      const text = lineAt(state, closeLine)
      // a non-empty line indented less than the container ends it (the container sat inside a list)
      if (text && state.sCount[closeLine] < state.blkIndent)
        break
      if (state.sCount[closeLine] - state.blkIndent < CODE_INDENT && CLOSE.test(text)) {
        closed = true
        break
      }
    }

    const unit = match[1]
    const file = findDemo(srcDir, unit)
    if (!file && !warned.has(unit)) {
      warned.add(unit)
      console.warn(`[lifeline docs] ::: demo ${unit}: no src/**/${unit}/demo.vue (the page shows "unknown demo")`)
    }

    const open = state.push('lifeline_demo_open', 'div', 1)
    open.block = true
    open.info = unit
    open.map = [startLine, closeLine]
    open.meta = { file: file ? relative(options.root, file).split(sep).join('/') : undefined }

    if (file) {
      // a real fence token, so VitePress highlights it with its copy button, theme and line options
      const fence = state.push('fence', 'code', 0)
      fence.info = 'vue'
      fence.markup = '```'
      fence.content = readFileSync(file, 'utf8')
      fence.map = [startLine, closeLine]
      state.push('lifeline_demo_source_close', 'template', 0)
    }

    // what the markers enclose is ordinary markdown: the demo's description
    const parentType = state.parentType
    const lineMax = state.lineMax
    state.parentType = 'container' as typeof parentType
    state.lineMax = closeLine
    state.md.block.tokenize(state, startLine + 1, closeLine)
    state.parentType = parentType
    state.lineMax = lineMax

    state.push('lifeline_demo_close', 'div', -1).block = true
    state.line = closeLine + (closed ? 1 : 0)
    return true
  }

  md.block.ruler.before('fence', 'lifeline_demo', rule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] })

  const attr = (value: string) => md.utils.escapeHtml(value)
  md.renderer.rules.lifeline_demo_open = (tokens, idx) => {
    const { info: unit, meta } = tokens[idx]
    const fileAttr = meta?.file ? ` file="${attr(meta.file)}"` : ''
    // the source fence (if any) follows at once and goes into the block's `source` slot
    return `<DemoBlock unit="${attr(unit)}"${fileAttr}>${meta?.file ? '<template #source>' : ''}\n`
  }
  md.renderer.rules.lifeline_demo_source_close = () => '</template>\n'
  md.renderer.rules.lifeline_demo_close = () => '</DemoBlock>\n'
}
