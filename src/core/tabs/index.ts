export { createTabGroup, TAB_GROUP_DEFAULTS } from './group'
export type { Hostable, SharedAcrossTabs, ShareAcrossTabsOptions } from './hostTypes'
export { shareAcrossTabs } from './share'
export type { TabChannel, TabChannelConstructor, TabGroup, TabGroupMode, TabGroupOptions, TabLockManager, TabLockOptions, TabRequestOptions } from './types'
