#!/usr/bin/env bash
# Run the test stories against the trained model (core only; actions are not executed by `rasa test core`).
set -euo pipefail
out="results/stories"
rm -rf "$out"; mkdir -p "$out"
.venv-rasa/bin/rasa test core --model "$(cat models/current)" --stories tests/stories --out "$out" \
  --fail-on-prediction-errors >"$out/log.txt" 2>&1 || { grep -v "^WARNING\|tensorflow" "$out/log.txt" | tail -40; \
  cat "$out"/failed_test_stories.yml 2>/dev/null | head -80; exit 1; }
echo "rasa test stories: $(grep -c '^- story' tests/stories/*.yml | awk -F: '{s+=$2} END {print s}') passed"
