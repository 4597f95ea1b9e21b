import type { ComputedRef, ShallowRef } from 'vue'
import type { UseSessionGuardOptions, UseSessionGuardReturn } from '../../composables/useSessionGuard'
import type { LifelineLocale } from '../locale'
import type { SessionGuardEmits, SessionGuardProps, SessionGuardSlotProps } from './props'
import { sessionGuardPropsDefaults } from './props'
import { computed, onBeforeUnmount, onMounted, shallowRef, watch } from 'vue'
import { useSessionGuard } from '../../composables/useSessionGuard'
import { useInstallOptions, useLocale } from '../_internal'
import { sessionGuardEn } from '../locale/lang/enParts'

type Key = keyof LifelineLocale['lifeline']['sessionGuard']

/** Which dialog shows: a warning, or why the session ended. */
export type GuardMode = 'idleWarning' | 'expiryWarning' | 'kicked' | 'expired' | 'idle'

/** Guards on show in this page by engine (their shared `state` ref): only the first one mounted shows a dialog. */
const shown = new WeakMap<object, ShallowRef<symbol[]>>()

const fill = (text: string, values?: Record<string, string | number>): string =>
  values ? text.replace(/\{(\w+)\}/g, (all, name: string) => name in values ? String(values[name]) : all) : text

/**
 * The steps a screen reader hears the countdown at (HMRC's): each minute above one, then every 20 s,
 * never every second. The time announced is the exact one, at the moment the step is crossed.
 */
export const announceStep = (seconds: number): number => seconds > 60 ? Math.ceil(seconds / 60) * 60 : Math.ceil(seconds / 20) * 20

/** The component's state: the headless guard, its dialog, the strings and the announcements. */
export function useSessionGuardView(props: SessionGuardProps, emit: <K extends keyof SessionGuardEmits>(name: K, ...args: SessionGuardEmits[K]) => void): {
  guard: UseSessionGuardReturn
  /** A setting: the prop, else the install option, else the default. */
  pick: <K extends keyof SessionGuardProps>(key: K) => SessionGuardProps[K]
  /** The dialog's content: the current mode, or the last one while the dialog closes. */
  mode: Readonly<ShallowRef<GuardMode | null>>
  open: ComputedRef<boolean>
  text: (key: Key, values?: Record<string, string | number>) => string
  time: ComputedRef<string>
  announcement: Readonly<ShallowRef<string>>
  slotProps: ComputedRef<SessionGuardSlotProps>
  onEscape: () => void
} {
  const install: SessionGuardProps = useInstallOptions('sessionGuard')
  // a prop that is set, else the install option, else the default
  const pick = <K extends keyof SessionGuardProps>(key: K): SessionGuardProps[K] =>
    props[key] !== undefined ? props[key] : install[key] !== undefined ? install[key] : (sessionGuardPropsDefaults as SessionGuardProps)[key]
  const { t } = useLocale({ sessionGuard: sessionGuardEn })
  const text = (key: Key, values?: Record<string, string | number>): string => {
    const own = pick('texts')?.[key]
    return own === undefined ? t(`lifeline.sessionGuard.${key}`, values) : fill(own, values)
  }

  // the guard starts once, with the props of that moment; the URL and the expiry stay reactive
  const options = {
    ...pick('connectionOptions'),
    url: () => pick('url'),
    expiresAt: () => pick('expiresAt'),
    onKicked: message => emit('kicked', message),
    onExpired: message => emit('expired', message),
    onIdle: () => emit('idle'),
    onWarning: (reason, remaining) => emit('warning', reason, remaining),
    onExtended: expiresAt => emit('extended', expiresAt),
    onLogout: url => emit('logout', url),
    onUnknown: error => emit('unknown', error),
  } as UseSessionGuardOptions
  for (const key of ['transport', 'isExpired', 'logoutUrl', 'loginUrl', 'warnBefore', 'idleTimeout', 'keepAlive', 'navigate', 'autoRedirect', 'name', 'shared'] as const) {
    const value = pick(key)
    if (value !== undefined)
      (options as Record<string, unknown>)[key] = value
  }
  if (pick('url') === undefined)
    delete (options as { url?: unknown }).url
  const guard = useSessionGuard(options)
  const { state, reason, remaining, dismissed, canExtend, extending, message } = guard

  // one dialog per page, whatever the number of guards of one name
  const me = Symbol('LlSessionGuard')
  const mounted = shown.get(guard.state) ?? shallowRef<symbol[]>([])
  shown.set(guard.state, mounted)
  onMounted(() => mounted.value = [...mounted.value, me])
  onBeforeUnmount(() => mounted.value = mounted.value.filter(s => s !== me))

  const mode = computed<GuardMode | null>(() => {
    if (state.value === 'warning')
      return reason.value === 'idle' ? 'idleWarning' : 'expiryWarning'
    return state.value === 'signed-out' ? reason.value : null
  })
  const open = computed(() => mode.value !== null && !dismissed.value && mounted.value[0] === me)
  // what the dialog shows: the last mode, so it keeps its content while it closes
  const shownMode = shallowRef<GuardMode | null>(null)
  watch(mode, m => m && (shownMode.value = m), { immediate: true })

  const format = (seconds: number): string => seconds > 60
    ? text('timeMinutes', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 })
    : text('timeSeconds', { seconds })
  const time = computed(() => remaining.value === null ? '' : format(remaining.value))

  // polite and sparse: the countdown at its steps, and the news when a warning turns into a sign-out
  const announcement = shallowRef('')
  watch([mode, remaining], ([m, left], [before, leftBefore]) => {
    if (!open.value)
      return
    if (left !== null && (m !== before || leftBefore === null || announceStep(left) !== announceStep(leftBefore)))
      announcement.value = text('announce', { time: format(left) })
    else if (m !== before && (m === 'kicked' || m === 'expired' || m === 'idle'))
      announcement.value = text(m)
  })

  const onEscape = (): void => {
    if (state.value === 'warning')
      void (canExtend.value ? guard.extend() : guard.dismiss())
    else if (pick('dismissible'))
      guard.dismiss()
  }

  const slotProps = computed<SessionGuardSlotProps>(() => ({
    state: state.value,
    reason: reason.value,
    remaining: remaining.value,
    time: time.value,
    message: message.value,
    canExtend: canExtend.value,
    extending: extending.value,
    extend: guard.extend,
    logout: guard.logout,
    dismiss: guard.dismiss,
  }))

  return { guard, pick, mode: shownMode, open, text, time, announcement, slotProps, onEscape }
}
