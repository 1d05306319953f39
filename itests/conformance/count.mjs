// Counts required tests passed, per suite, over the package's own test list: a test counts when its
// kind is "required" (the default) and it is not browser-only, the rule behind the package's result
// pages. Prints a Markdown table: one column per run given as name=result.json, then the result files
// the same package version ships for other caches.
//
//   node count.mjs off=target/conformance/off.json annotation=... origin=...
import fs from 'fs'
import path from 'path'
import { fileURLToPath } from 'url'
import tests from 'http-cache-tests/tests/index.mjs'

const shipped = ['squid', 'apache', 'trafficserver', 'varnish']
const here = path.dirname(fileURLToPath(import.meta.url))
const resultsDir = path.join(here, 'node_modules', 'http-cache-tests', 'results')
const runs = process.argv.slice(2).map(arg => {
  const eq = arg.indexOf('=')
  if (eq < 1) throw new Error(`expected name=result.json, was ${arg}`)
  return [arg.slice(0, eq), JSON.parse(fs.readFileSync(arg.slice(eq + 1), 'utf8'))]
})
for (const cache of shipped) {
  runs.push([`${cache} (shipped)`, JSON.parse(fs.readFileSync(path.join(resultsDir, `${cache}.json`), 'utf8'))])
}

const line = cells => `| ${cells.join(' | ')} |`
console.log(line(['suite', 'required', ...runs.map(r => r[0])]))
console.log(line(['---', '---:', ...runs.map(() => '---:')]))
const totals = runs.map(() => 0)
let required = 0
for (const suite of tests) {
  const ids = suite.tests.filter(t => (t.kind || 'required') === 'required' && t.browser_only !== true).map(t => t.id)
  if (ids.length === 0) continue
  required += ids.length
  const passed = runs.map(([, result], i) => {
    const n = ids.filter(id => result[id] === true).length
    totals[i] += n
    return n
  })
  console.log(line([suite.id, ids.length, ...passed]))
}
console.log(line(['**total**', `**${required}**`, ...totals.map(n => `**${n}**`)]))
