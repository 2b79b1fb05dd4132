# Two commands: `make run` and `make test`. Everything else is a step they take.
SHELL := /bin/bash
.DEFAULT_GOAL := help
APP := .venv/bin/python
RASA := .venv-rasa/bin/rasa

.PHONY: help run run-scaled test setup envs model init lint validate pytest rasa-test eval eval-e2e bench chromium fuzz

help:
	@echo "make run   - set up if needed, then serve everything (Ctrl-C stops it)"
	@echo "make test  - set up if needed, then run the whole test suite"
	@echo "make run-scaled - 2 of each process on PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); see docs/deploy.md"

envs:
	@scripts/venv.sh .venv requirements/app.lock
	@scripts/venv.sh .venv-rasa requirements/rasa.lock

model: envs
	@scripts/train.sh

init: envs
	@$(APP) -m bot.cli init

setup: envs model init

# run.sh migrates and writes instance/ itself (it knows the ports and instances), then supervises every process.
run: envs model
	@scripts/run.sh

run-scaled: envs model
	@SCALE=$${SCALE:-2} scripts/run.sh

chromium:
	@scripts/ensure-chromium.sh

lint: envs
	@.venv/bin/ruff check bot actions webhooks harness tests scripts rasa_launcher
	@.venv/bin/lint-imports --no-logo --no-cache

validate: envs
	@$(RASA) data validate --quiet >/tmp/repairbot-validate.log 2>&1 || { cat /tmp/repairbot-validate.log; exit 1; }
	@echo "rasa data validate: ok"

rasa-test: model
	@scripts/rasa-test.sh

pytest: setup chromium
	@.venv/bin/python -m pytest -q

test: lint validate setup rasa-test pytest

eval: model envs
	@$(APP) -m scripts.eval_nlu
	@$(APP) -m scripts.eval_triage --set eval/blind/messages.yaml

eval-e2e: setup
	@$(APP) -m scripts.eval_e2e
	@$(APP) -m scripts.eval_e2e --set eval/blind/conversations.yaml --set eval/blind/tenants_hard.yaml
	@$(APP) -m scripts.eval_e2e --set eval/blind/tenants_dialogue.yaml
	@$(APP) -m scripts.eval_e2e --set eval/blind/tenants_third.yaml
	@$(APP) -m scripts.eval_e2e --set eval/blind/tenants_fourth.yaml
	@$(APP) -m scripts.eval_e2e --set eval/blind/tenants_fifth.yaml
	@$(APP) -m scripts.eval_e2e --set eval/blind/tenants_sixth.yaml
	@$(APP) -m scripts.eval_e2e --set eval/blind/tenants_seventh.yaml

bench: setup
	@$(APP) -m scripts.bench
	@$(APP) -m scripts.bench_rasa_cpu
	@$(APP) -m scripts.bench_storm

# >= 10,000 generated requests against the OpenAPI document (the suite runs a short, fixed version).
fuzz: envs
	@FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-500} FUZZ_MIN_REQUESTS=$${FUZZ_MIN_REQUESTS:-10000} FUZZ_RANDOM=1 \
		.venv/bin/python -m pytest -q -s -p no:logging tests/webhooks/test_fuzz.py
