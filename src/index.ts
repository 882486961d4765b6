// The action's entry point: everything happens in main.ts, so that tests can run it too.
import { keepHeapSmall } from './heap.js'
import { run } from './main.js'

keepHeapSmall()
await run()
