// How much context the call needs, and whether the server cut the prompt anyway. The seed agent
// ran a large prompt in a 512-token window and never knew; here the window is sized to the prompt,
// and a prompt the server still cut is reported.

const STEP = 1024
const MINIMUM = 2048

/** num_ctx for a prompt and a generation cap, within what the model supports. */
export function sizeContext(promptTokens: number, numPredict: number, modelLimit?: number): number {
  const wanted = Math.max(MINIMUM, Math.ceil((promptTokens + numPredict + 128) / STEP) * STEP)
  return modelLimit ? Math.min(wanted, modelLimit) : wanted
}

/**
 * The server evaluates at most num_ctx tokens of prompt: a count at that ceiling, or an estimate
 * above it, means the start of the prompt was dropped.
 */
export function wasTruncated(promptEvalCount: number, estimate: number, numCtx: number): boolean {
  return promptEvalCount >= numCtx - 8 || estimate > numCtx
}
