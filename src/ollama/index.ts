export { OllamaError, classify, type OllamaErrorKind, type ErrorContext } from './errors.js'
export { makeClient, normaliseHost, type ClientOptions } from './client.js'
export { waitForServer, type WaitOptions, type ServerInfo } from './connect.js'
export { findOllama, startServer, type StartOptions, type StartedServer } from './server.js'
export {
  ensureModel,
  contextLength,
  modelKey,
  type PullPolicy,
  type EnsureModelOptions,
  type EnsureModelResult,
} from './model.js'
export {
  streamChat,
  metricsFromFinal,
  type ChatOptions,
  type ChatResult,
  type CallMetrics,
  type FinalChunk,
} from './chat.js'
export type { Log } from './log.js'
