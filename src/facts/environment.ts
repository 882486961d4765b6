// Whether a file says what it ran on. Without the GPU, driver or server version, two runs' figures
// cannot be told apart from two machines' figures.
const KEYS = new Set([
  'gpu',
  'gpu_name',
  'gpu_model',
  'gpus',
  'cpu',
  'cpu_model',
  'cpu_name',
  'device',
  'device_name',
  'hardware',
  'driver',
  'driver_version',
  'cuda',
  'cuda_version',
  'rocm',
  'rocm_version',
  'os',
  'os_version',
  'platform',
  'machine',
  'hostname',
  'runner',
  'runner_os',
  'arch',
  'architecture',
  'instance_type',
  'accelerator',
  'chip',
  'ollama_version',
  'llama_cpp_version',
  'vllm_version',
  'server_version',
  'software',
  'environment',
  'system',
  'system_info',
  'env',
  'build',
  'commit',
  'python_version',
  'node_version',
  'compiler_version',
  'kernel_version',
  'torch_version',
])
const PROSE =
  /\b(gpu|cpu|driver|cuda|rocm|hardware|os|platform|ollama version|runner|machine)\s*[:=]/i
const HEADINGS = /^(hardware|environment|system|setup|platform|machine|test (bed|environment))\b/i

export function describesEnvironment(vocabulary: readonly string[]): boolean {
  for (const term of vocabulary) {
    const dot = term.lastIndexOf('.')
    const key = term
      .slice(dot + 1)
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_')
    if (KEYS.has(key) || HEADINGS.test(term.trim()) || (term.length > 40 && PROSE.test(term)))
      return true
  }
  return false
}
