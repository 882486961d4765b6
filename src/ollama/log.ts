// The Ollama layer logs through the action's one Log (src/log.ts); tests pass a recorder.
export type { Log } from '../log.js'
export { actionLog as actionsLog } from '../log.js'
