import type { App, Component, Plugin } from 'vue'

/** A component that is also a plugin: `app.use(LlLiveFeed)` registers it under its name. */
export type SFCWithInstall<T> = T & Plugin

/** Makes `component` installable by `app.use()` (Element Plus's convention), under its own `name`. */
export function withInstall<T extends Component>(component: T): SFCWithInstall<T> {
  const installable = component as SFCWithInstall<T>
  installable.install = (app: App): void => {
    app.component((component as { name: string }).name, component)
  }
  return installable
}
