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
    connectionBadge: {
      label: '连接状态：{status}',
      retry: '立即重试',
      attempt: '第 {attempt} 次重试',
      retryIn: '{seconds} 秒后重试',
      latency: '延迟 {ms} 毫秒',
      error: '错误',
    },
    liveFeed: {
      label: '实时消息',
      empty: '暂无消息',
      newItems: '{count} 条新消息',
      jumpToLatest: '跳到最新消息',
      announceOne: '1 条新消息',
      announceMany: '{count} 条新消息',
      paused: '已暂停',
    },
  },
}
