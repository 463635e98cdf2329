#!/usr/bin/env bash
# Health checks the way teams script them today: curl under xargs -P 16.
# Usage: curl-checks.sh BASE_URL COUNT -> prints how many answered 200.
set -euo pipefail
base="$1"
count="${2:-2000}"
seq "$count" | xargs -P 16 -I{} curl -s -o /dev/null -m 10 -w '%{http_code}\n' "$base/healthz?i={}" | grep -c '^200$'
