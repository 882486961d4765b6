import type { AbortableAsyncIterator } from 'ollama'
import { withRequestSignal } from './client.js'

/**
 * Opens a streamed client call (chat, pull) that `signal` can end at any moment: while waiting for
 * the headers (the promise rejects with signal.reason at once) and while reading the body (the
 * stream's own abort() makes the pending read throw).
 */
export async function openStream<T extends object>(
  signal: AbortSignal,
  open: () => Promise<AbortableAsyncIterator<T>>,
): Promise<AbortableAsyncIterator<T>> {
  signal.throwIfAborted()
  const pending = withRequestSignal(signal, open)
  let onAbort = () => {}
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    const stream = await Promise.race([pending, aborted])
    signal.addEventListener('abort', () => stream.abort(), { once: true })
    return stream
  } catch (err) {
    // We gave up before the headers: a response that still comes (from a client not made by
    // makeClient, which ignores the signal) must be closed, and its failure must not go unhandled.
    pending.then(
      (late) => late.abort(),
      () => {},
    )
    throw err
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}
