#!/usr/bin/env bash
# Serve every process in the foreground under supervisord (deploy/supervisord.conf): a process that dies is
# restarted with backoff and the others keep serving; Ctrl-C stops them all.
#
# SCALE=1 (default, `make run`): one of each process on SQLite, no Redis needed.
# SCALE=N (`make run-scaled` is SCALE=2): N Rasa servers, N action servers, N dispatchers and the gateway's workers,
# on PostgreSQL (DATABASE_URL) with Rasa's lock store in Redis (REDIS_URL).
# Ports come from RASA_PORT (5005: instances use 5005, 5006, ...), ACTION_PORT (5055, ...) and GATEWAY_PORT (8000).
set -euo pipefail
cd "$(dirname "$0")/.."
export REPAIRBOT_INSTANCE_DIR="$(realpath -m "${REPAIRBOT_INSTANCE_DIR:-instance}")"
export SCALE="${SCALE:-1}"
export RASA_PORT="${RASA_PORT:-5005}" ACTION_PORT="${ACTION_PORT:-5055}" GATEWAY_PORT="${GATEWAY_PORT:-8000}"
export GATEWAY_BIND="${GATEWAY_BIND:-0.0.0.0:$GATEWAY_PORT}"
export RASA_INSTANCES="${RASA_INSTANCES:-$SCALE}" ACTION_INSTANCES="${ACTION_INSTANCES:-$SCALE}"
export DISPATCHERS="${DISPATCHERS:-$SCALE}"
if [ "$ACTION_INSTANCES" != "$RASA_INSTANCES" ]; then
  echo "run.sh: each Rasa server has its own action server: RASA_INSTANCES must equal ACTION_INSTANCES" >&2; exit 2
fi
if [ "$SCALE" -gt 1 ]; then
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
  export GATEWAY_WORKERS="${GATEWAY_WORKERS:-$((2 * SCALE))}"
  case "${DATABASE_URL:-}" in
    postgresql*) ;;
    *) echo "run.sh: SCALE=$SCALE needs DATABASE_URL=postgresql+psycopg2://… (several processes share the store and the trackers)" >&2
       exit 2 ;;
  esac
fi
rasa_urls=() action_urls=()
for ((n = 0; n < RASA_INSTANCES; n++)); do
  rasa_urls+=("http://127.0.0.1:$((RASA_PORT + n))")
  action_urls+=("http://127.0.0.1:$((ACTION_PORT + n))/webhook")
done
# The gateway and the dispatchers spread conversations over the Rasa servers; /healthz checks every process.
export RASA_URL="${rasa_urls[0]}" ACTION_SERVER_URL="${action_urls[0]}"
export RASA_URLS="$(IFS=,; echo "${rasa_urls[*]}")" ACTION_SERVER_URLS="$(IFS=,; echo "${action_urls[*]}")"
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://127.0.0.1:$GATEWAY_PORT}"
# Migrations, demo data and instance/endpoints-<n>.yml for these ports (idempotent).
.venv/bin/python -m bot.cli init
# Rasa reads its token from RASA_TOKEN or instance/rasa_token itself (rasa_launcher): never on a command line.
export REPAIRBOT_MODEL="$(cat models/current)"
exec .venv/bin/supervisord -c deploy/supervisord.conf
