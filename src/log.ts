// Where progress goes: the runner's log (with collapsible groups) in the action, plain stderr in
// the local command, so that its stdout carries the report alone.
import * as core from '@actions/core'

export interface Log {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
  group<T>(name: string, work: () => Promise<T>): Promise<T>
}

export const actionLog: Log = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  group: (name, work) => core.group(name, work),
}

export const consoleLog: Log = {
  info: (message) => process.stderr.write(message + '\n'),
  warning: (message) => process.stderr.write(`warning: ${message}\n`),
  debug: () => {},
  group: async (name, work) => {
    process.stderr.write(`${name}\n`)
    return work()
  },
}

/** For tests and the benchmark: nothing is printed. */
export const silentLog: Log = {
  info: () => {},
  warning: () => {},
  debug: () => {},
  group: (_name, work) => work(),
}
