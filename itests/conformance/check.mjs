// Compares the suite's results with expectations.json and exits non-zero on any difference:
//  - a test that did not pass and is not listed for its mode (a regression, or a new failure to explain);
//  - a listed test that passed in its mode (the list must shrink with every fix);
//  - an entry "impossible for an in-application cache" that passed in any mode, or that does not cite
//    the RFC and the JAX-RS limit.
// Every test the cli ran counts, required or not. expectations.json lists groups of tests that share
// one reason: {"expected": [{"why": "...", "modes": ["annotation", "origin"], "tests": ["id", ...]}]}.
//
// A group may name the servers it applies to ("servers": ["wildfly"]); without, it applies to every one.
//
//   node check.mjs --server=payara expectations.json annotation=target/conformance/annotation.json origin=...
import fs from 'fs'

const IMPOSSIBLE = 'impossible for an in-application cache'
const argv = process.argv.slice(2)
const serverArg = argv.find(a => a.startsWith('--server='))
const server = serverArg ? serverArg.slice('--server='.length) : 'payara'
const [expectationsFile, ...args] = argv.filter(a => a !== serverArg)
const expectations = JSON.parse(fs.readFileSync(expectationsFile, 'utf8'))
const results = Object.fromEntries(args.map(arg => {
  const eq = arg.indexOf('=')
  return [arg.slice(0, eq), JSON.parse(fs.readFileSync(arg.slice(eq + 1), 'utf8'))]
}))
const problems = []

for (const [mode, result] of Object.entries(results)) {
  const listed = new Map()
  const applies = g => g.modes.includes(mode) && (g.servers === undefined || g.servers.includes(server))
  for (const group of expectations.expected.filter(applies)) {
    for (const id of group.tests) {
      if (listed.has(id)) problems.push(`${mode}: ${id} is listed twice`)
      listed.set(id, group.why)
    }
  }
  for (const [id, outcome] of Object.entries(result)) {
    if (outcome !== true && !listed.has(id)) {
      problems.push(`${mode}: ${id} does not pass and is not listed (a regression?): ${JSON.stringify(outcome)}`)
    }
  }
  for (const [id, why] of listed) {
    if (result[id] === true) problems.push(`${mode}: ${id} passes now: remove it from the list ("${why}")`)
    if (!(id in result)) problems.push(`${mode}: ${id} is listed but the suite did not run it`)
    if (why.startsWith(IMPOSSIBLE)) {
      if (!/RFC \d+/.test(why) || !why.includes('JAX-RS')) {
        problems.push(`${mode}: ${id}: an "${IMPOSSIBLE}" entry must cite the RFC sentence and the JAX-RS limit`)
      }
      for (const [other, otherResult] of Object.entries(results)) {
        if (otherResult[id] === true) problems.push(`${mode}: ${id} is listed as impossible but passes in mode ${other}`)
      }
    }
  }
}

if (problems.length > 0) {
  console.log(problems.join('\n'))
  process.exit(1)
}
console.log(`conformance as expected in ${Object.keys(results).join(', ')}`)
