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

// The bar reads on "must" failures in the suites that apply to a server-side cache: a required
// test whose assertion failed. A setup failure (the cache declined to store, so the requirement was
// never exercised) and a dependency failure (a test it depends on, often a check, did not pass) are
// shown apart, as the package's own result pages show them.
const APPLICABLE = ['conditional-inm', 'vary', 'vary-parse', 'auth', 'cc-response', 'headers', 'invalidation',
  'other', 'status', 'stale']
const byId = new Map(tests.flatMap(s => s.tests.map(t => [t.id, { ...t, suite: s.id }])))
const own = runs.filter(([name]) => !name.endsWith('(shipped)'))
const kindOf = (result, test) => {
  const outcome = result[test.id]
  if (outcome === true) return null
  if ((test.depends_on || []).some(dep => result[dep] !== true)) return 'dependency'
  if (Array.isArray(outcome) && outcome[0] === 'Setup') return 'setup'
  return 'assertion'
}
console.log('\nRequired tests not passed in the suites that apply to a server-side cache (' + APPLICABLE.join(', ') + '):\n')
console.log(line(['run', 'assertion (must failures)', 'setup', 'dependency']))
console.log(line(['---', '---', '---', '---']))
for (const [name, result] of own) {
  const failed = { assertion: [], setup: [], dependency: [] }
  for (const test of byId.values()) {
    if (!APPLICABLE.includes(test.suite) || (test.kind || 'required') !== 'required' || test.browser_only === true) continue
    if (!(test.id in result)) continue
    const kind = kindOf(result, test)
    if (kind) failed[kind].push(test.id)
  }
  const cell = ids => ids.length === 0 ? '0' : `${ids.length}: ${ids.join(', ')}`
  console.log(line([name, cell(failed.assertion), cell(failed.setup), cell(failed.dependency)]))
}
