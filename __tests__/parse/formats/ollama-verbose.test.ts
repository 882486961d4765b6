// `ollama run MODEL --verbose` transcripts: the model's answers (free text) with the timing block
// ollama prints after each one. Every block is one sample of each measure.
import { describe, expect, it } from '@jest/globals'
import { ollamaVerbose } from '../../../src/parse/formats/ollama-verbose.js'

const text = ollamaVerbose.text!

const TRANSCRIPT = [
  '>>> Why is the sky blue?',
  'The sky looks blue because air molecules scatter short (blue) wavelengths of sunlight far more',
  'than long (red) ones, an effect called Rayleigh scattering.',
  '',
  'total duration:       4.870254583s',
  'load duration:        28.125µs',
  'prompt eval count:    26 token(s)',
  'prompt eval duration: 139.493ms',
  'prompt eval rate:     186.39 tokens/s',
  'eval count:           290 token(s)',
  'eval duration:        4.729624s',
  'eval rate:            61.32 tokens/s',
  '>>> Print a fake ollama stats line, then a real-looking one.',
  'Sure:',
  'eval rate: fake',
  'eval rate:            99.99 tokens/s',
  'That is all.',
  '',
  'total duration:       1m2.5s',
  'load duration:        1.204551s',
  'prompt eval count:    41 token(s)',
  'prompt eval duration: 800ns',
  'prompt eval rate:     186.10 tokens/s',
  'eval count:           3571 token(s)',
  'eval duration:        1m0.912s',
  'eval rate:            58.63 tokens/s',
  '>>> Summarise War and Peace.',
  '...',
  '',
  'total duration:       1h2m3s',
  'load duration:        12.5ms',
  'prompt eval count:    18 token(s)',
  'prompt eval duration: 95.1ms',
  'prompt eval rate:     189.27 tokens/s',
  'eval count:           215000 token(s)',
  'eval duration:        1h1m59.9s',
  'eval rate:            57.80 tokens/s',
  '>>> /bye',
  '',
].join('\n')

describe('ollama run --verbose', () => {
  it('reads every block as one sample of each measure, durations in ms', () => {
    expect(text.matches(TRANSCRIPT)).toBe(true)
    const reading = text.read(TRANSCRIPT)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(3)
    expect(reading.benchmarks).toEqual([
      { name: 'eval rate', unit: 'tokens/s', direction: 'higher', samples: [61.32, 58.63, 57.8] },
      {
        name: 'prompt eval rate',
        unit: 'tokens/s',
        direction: 'higher',
        samples: [186.39, 186.1, 189.27],
      },
      {
        name: 'total duration',
        unit: 'ms',
        direction: 'lower',
        samples: [4870.254583, 62500, 3723000],
      },
      {
        name: 'load duration',
        unit: 'ms',
        direction: 'lower',
        samples: [0.028125, 1204.551, 12.5],
      },
      {
        name: 'prompt eval duration',
        unit: 'ms',
        direction: 'lower',
        samples: [139.493, 0.0008, 95.1],
      },
      {
        name: 'eval duration',
        unit: 'ms',
        direction: 'lower',
        samples: [4729.624, 60912, 3719900],
      },
      { name: 'eval count', unit: 'tokens', direction: 'unknown', samples: [290, 3571, 215000] },
      { name: 'prompt eval count', unit: 'tokens', direction: 'unknown', samples: [26, 41, 18] },
    ])
  })

  it('reads a transcript captured from a terminal (CRLF, colour codes, spinner overwrites)', () => {
    const captured = [
      '\u001b[?25lThe answer is 42.\u001b[?25h',
      '',
      '\u001b[?25l⠙ \rtotal duration:       2.01s',
      'load duration:        3.2ms',
      'prompt eval count:    9 token(s)',
      'prompt eval duration: 40ms',
      'prompt eval rate:     225.00 tokens/s',
      'eval count:           100 token(s)',
      'eval duration:        1.9s',
      '\u001b[1meval rate:            52.63 tokens/s\u001b[0m',
    ].join('\r\n')
    const reading = text.read(captured)
    expect(reading.warnings).toEqual([])
    expect(reading.benchmarks.find((b) => b.name === 'eval rate')?.samples).toEqual([52.63])
    expect(reading.benchmarks.find((b) => b.name === 'total duration')?.samples).toEqual([2010])
  })

  it('keeps a block with missing or malformed lines, saying what it lacks', () => {
    const broken = [
      'total duration:       2.5s',
      'load duration:        20ms',
      'prompt eval count:    12 token(s)',
      'prompt eval duration: 60ms',
      'prompt eval rate:     200.00 tokens/s',
      'eval count:           120 token(s)',
      'eval duration:        2.4s',
      'eval rate:            50.00 tokens/s',
      'Another answer.',
      '',
      // ollama leaves out the prompt lines when the prompt came from the cache (count 0).
      'total duration:       1.3s',
      'load duration:        15ms',
      'eval count:           64 token(s)',
      'eval duration:        1.2sec',
      'eval rate:            53.33 tokens/s',
      'A third answer, cut off by the end of the log.',
      '',
      'total duration:       900ms',
      'load duration:        10ms',
      'prompt eval count:    5 token(s)',
      'prompt eval duration: 25ms',
      'prompt eval rate:     200.00 tokens/s',
      'eval count:           40 token(s)',
    ].join('\n')
    const reading = text.read(broken)
    expect(reading.records).toBe(3)
    expect(reading.warnings).toEqual([
      'line 14: "eval duration" value "1.2sec" is not in ollama\'s shape',
      'block 2: no prompt eval count',
      'block 2: no prompt eval duration',
      'block 2: no prompt eval rate',
      'block 3: no eval duration',
      'block 3: no eval rate',
    ])
    const samples = Object.fromEntries(reading.benchmarks.map((b) => [b.name, b.samples]))
    expect(samples).toEqual({
      'eval rate': [50, 53.33],
      'prompt eval rate': [200, 200],
      'total duration': [2500, 1300, 900],
      'load duration': [20, 15, 10],
      'prompt eval duration': [60, 25],
      'eval duration': [2400],
      'eval count': [120, 64, 40],
      'prompt eval count': [12, 5],
    })
  })

  it('says so when a file has no timing block at all', () => {
    const reading = text.read('>>> hi\nHello! How can I help?\neval rate: 12.00 tokens/s\n')
    expect(reading.benchmarks).toEqual([])
    expect(reading.records).toBe(0)
    expect(reading.warnings).toEqual(['no `ollama run --verbose` timing block found'])
  })

  it("rejects generic files and neighbouring tools' output", () => {
    const rejected = [
      '| model | tokens_per_sec |\n|---|---|\n| a | 3 |\n',
      'model,batch,tokens_per_sec\na,1,3\n',
      '[{"model":"a","tokens_per_sec":3}]',
      '{"backend":"vllm","model_id":"m","ttfts":[0.02],"mean_ttft_ms":21.5}',
      'goos: linux\nBenchmarkFib10-8   \t 3000000\t       412 ns/op\nPASS\nok  \tfib\t1.2s\n',
      '2024-07-03 10:21:44 request done time: 12ms\n',
      '| model | size | params | backend | ngl | test | t/s |\n| --- | ---: | ---: | --- | --: | ---: | ---: |\n| llama 7B Q4_0 | 3.56 GiB | 6.74 B | CUDA | 99 | tg128 | 131.10 ± 0.28 |\n',
      // Only one of the two lines: a chat log that quotes a rate is not a timing block.
      'The model ran at\neval rate: 61.32 tokens/s\non my laptop.\n',
    ]
    for (const head of rejected) expect(text.matches(head)).toBe(false)
  })

  it('never throws on hostile input', () => {
    const inputs = [
      '',
      '\n'.repeat(1_000_000),
      ' '.repeat(1_000_000),
      `total duration: ${'1'.repeat(500_000)}s\nload duration: 1s\n`,
      `total duration: ${'1h'.repeat(90)}\nload duration: 1s\n`,
      'eval rate: '.repeat(100_000),
      `eval rate:${' \t'.repeat(100_000)}x tokens/s`,
      null as unknown as string,
      5 as unknown as string,
    ]
    for (const input of inputs) {
      expect(() => text.matches(input)).not.toThrow()
      expect(() => text.read(input)).not.toThrow()
    }
    // A 90-hour duration is read; a duration too long to be a line of ollama's is not.
    expect(
      text.read(inputs[4]!).benchmarks.find((b) => b.name === 'total duration')?.samples,
    ).toEqual([90 * 3_600_000])
    expect(text.read(inputs[3]!).benchmarks).toEqual([])
  })
})
