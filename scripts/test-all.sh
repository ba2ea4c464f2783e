#!/usr/bin/env bash
# Runs every test suite: Python (CPython), Python in Pyodide (Node), unit (vitest), e2e (Playwright + Debian Chromium).
# Ends with one line 'N passed, N failed' over all suites; exits non-zero if any suite failed.
set -u
cd "$(dirname "$0")/.."
passed=0; failed=0; status=0
log=$(mktemp -d)

count() { # suite-name exit-code passed failed
  echo "== $1: $3 passed, $4 failed (exit $2)"
  passed=$((passed + $3)); failed=$((failed + $4))
  [ "$2" -ne 0 ] && status=1
  return 0
}

# A fresh clone: install the pinned packages first (the README's first command also does).
[ -d node_modules/pyodide ] || npm ci --no-audit --no-fund || exit 1
# Debian's Chromium for the browser tests (Playwright cannot download its own here).
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
node scripts/prepare-assets.mjs || exit 1

echo "== Python unit tests (CPython $(python3 -c 'import sys; print(sys.version.split()[0])'))"
python3 -m unittest discover -s python/tests -t python 2>&1 | tee "$log/py.txt" | tail -n 25
rc=${PIPESTATUS[0]}
ran=$(grep -oE '^Ran [0-9]+' "$log/py.txt" | grep -oE '[0-9]+' || echo 0)
bad=$(grep -oE '(failures|errors)=[0-9]+' "$log/py.txt" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
count python "$rc" $((ran - ${bad:-0})) "${bad:-0}"

echo "== Python tests in Pyodide (the browser's interpreter, in Node)"
# A browser worker has more stack than Node gives by default; deep-nesting tests need it.
node --stack-size=4000 scripts/pyodide-tests.mjs 2>&1 | tee "$log/pyo.txt" | tail -n 8
rc=${PIPESTATUS[0]}
p=$(grep -oE '^pyodide: [0-9]+ passed' "$log/pyo.txt" | grep -oE '[0-9]+' || echo 0)
f=$(grep -oE '[0-9]+ failed' "$log/pyo.txt" | tail -1 | grep -oE '[0-9]+' || echo 0)
count pyodide "$rc" "${p:-0}" "${f:-0}"

echo "== Fuzz: 20,000 mutated/generated programs through the transpiler and tracer (0 internal errors allowed)"
python3 scripts/fuzz.py --n "${TG_FUZZ_N:-20000}" --record 2>&1 | tail -n 40
rc=${PIPESTATUS[0]}
count fuzz "$rc" $((rc == 0 ? 1 : 0)) $((rc == 0 ? 0 : 1))

echo "== Unit tests (vitest)"
npx vitest run 2>&1 | tee "$log/vt.txt" | tail -n 8
rc=${PIPESTATUS[0]}
p=$(grep -E 'Tests' "$log/vt.txt" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
f=$(grep -E 'Tests' "$log/vt.txt" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
count vitest "$rc" "${p:-0}" "${f:-0}"

echo "== End-to-end tests (Playwright, Debian Chromium)"
npx playwright test 2>&1 | tee "$log/pw.txt" | tail -n 30
rc=${PIPESTATUS[0]}
p=$(grep -oE '^\s*[0-9]+ passed' "$log/pw.txt" | grep -oE '[0-9]+' || echo 0)
f=$(grep -oE '^\s*[0-9]+ failed' "$log/pw.txt" | grep -oE '[0-9]+' || echo 0)
count e2e "$rc" "${p:-0}" "${f:-0}"

echo
echo "$passed passed, $failed failed"
exit $status
