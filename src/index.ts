// The action's entry point: everything happens in main.ts, so that tests can run it too.
import { run } from './main.js'

await run()
