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
    sessionGuard: {
      warningTitle: '即将退出登录',
      idleWarning: '您已有一段时间未操作，为了账号安全，将在 {time}后退出登录。',
      expiryWarning: '登录状态将在 {time}后过期。',
      kickedTitle: '提示',
      kicked: '当前账号已在别处登录，是否重新登录？',
      expiredTitle: '登录已过期',
      expired: '登录状态已过期，请重新登录。',
      idleTitle: '已退出登录',
      idle: '由于长时间未操作，您已退出登录。',
      staySignedIn: '保持登录',
      signOut: '退出登录',
      signInAgain: '重新登录',
      cancel: '取消',
      dismiss: '知道了',
      timeMinutes: '{minutes} 分 {seconds} 秒',
      timeSeconds: '{seconds} 秒',
      announce: '将在 {time}后退出登录。',
      unknown: '暂时无法检查登录状态，正在重试…',
    },
  },
}
