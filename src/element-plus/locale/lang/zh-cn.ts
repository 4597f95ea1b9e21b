import type { LifelineLocale } from '../types'

/** Simplified Chinese strings of vue-lifeline. */
export const zhCn: LifelineLocale = {
  name: 'zh-cn',
  lifeline: {
    status: {
      idle: '空闲',
      connecting: '连接中',
      open: '已连接',
      reconnecting: '重连中',
      paused: '已暂停',
      closed: '已关闭',
      failed: '连接失败',
    },
  },
}
