#!/usr/bin/env bash
# Train the Rasa model only when config.yml, domain.yml or data/ changed; cache models by input hash.
set -euo pipefail
cache="${REPAIRBOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/repairbot}/models"
hash="$( (cat config.yml domain.yml; find data -type f -name '*.yml' | LC_ALL=C sort | xargs cat) | sha256sum | cut -c1-16)"
model="$cache/model-$hash.tar.gz"
mkdir -p "$cache" models
if [ ! -f "$model" ]; then
  echo "training the Rasa model ($hash) ..."
  start=$(date +%s)
  .venv-rasa/bin/rasa train --quiet --fixed-model-name "model-$hash" --out "$cache" >"$cache/train-$hash.log" 2>&1 \
    || { tail -40 "$cache/train-$hash.log"; exit 1; }
  echo "trained in $(( $(date +%s) - start ))s"
fi
echo "$model" > models/current
