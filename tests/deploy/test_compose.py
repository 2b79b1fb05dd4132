"""deploy/compose.yaml parses and has the production shape: PostgreSQL, Redis, replicas of every process, health
checks, resource limits and restart policies; what it runs exists; no secret is written in it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from bot.cli import main as cli_main
from bot.rasa_endpoints import endpoints
from bot.settings import ROOT, Settings

COMPOSE = ROOT / "deploy" / "compose.yaml"
PROCESSES = ("rasa", "actions", "gateway", "dispatcher")
VARIABLE = re.compile(r"\$\{(\w+)(?::?[-?]([^}]*))?\}")


def substitute(value, env: dict[str, str]):
    """Compose's own interpolation: ${X}, ${X:-default}, ${X:?error}."""
    if isinstance(value, str):
        return VARIABLE.sub(lambda m: env.get(m.group(1)) or (m.group(2) if "-" in m.group(0) else ""), value)
    if isinstance(value, dict):
        return {k: substitute(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, env) for v in value]
    return value


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_every_long_running_service_restarts_is_health_checked_and_limited(compose):
    services = compose["services"]
    assert {"postgres", "redis", "init", *PROCESSES} <= set(services)
    for name, service in services.items():
        if name == "init":
            assert service["restart"] == "no"
            continue
        assert service["restart"] in ("unless-stopped", "always"), name
        assert service["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL"), name
        limits = service["deploy"]["resources"]["limits"]
        assert float(limits["cpus"]) > 0 and re.fullmatch(r"\d+[MG]", limits["memory"]), name


def test_every_process_runs_as_several_replicas_by_default(compose):
    for name in PROCESSES:
        replicas = substitute(compose["services"][name]["deploy"]["replicas"], {})
        assert int(replicas) >= 2, name


def test_dependencies_name_real_services_and_wait_for_health(compose):
    services = compose["services"]
    for name, service in services.items():
        for needed, rule in (service.get("depends_on") or {}).items():
            assert needed in services, (name, needed)
            expected = "service_completed_successfully" if needed == "init" else "service_healthy"
            assert rule["condition"] == expected, (name, needed)


def test_what_it_runs_exists(compose, capsys):
    services = compose["services"]
    for name in ("init", *PROCESSES):
        build = services[name]["build"]
        dockerfile = ROOT / build["dockerfile"]
        assert dockerfile.exists() and (COMPOSE.parent / build["context"]).resolve() == ROOT
        for line in dockerfile.read_text().splitlines():
            if line.startswith("COPY "):
                for source in line.split()[1:-1]:
                    if not source.startswith("models/"):  # the trained model is copied in before the build
                        assert (ROOT / source).exists(), (dockerfile.name, source)
    assert (ROOT / "deploy/gunicorn.conf.py").exists() and "deploy/gunicorn.conf.py" in services["gateway"]["command"]
    assert services["rasa"]["command"][:3] == ["python", "-m", "rasa_launcher"]
    assert "--auth-token" not in " ".join(services["rasa"]["command"])  # the token comes from the environment
    for name in ("init", "dispatcher"):
        command = services[name]["command"]
        assert command[:3] == ["python", "-m", "bot.cli"]
        with pytest.raises(SystemExit) as done:
            cli_main([command[3], "--help"])
        assert done.value.code == 0, name
    with pytest.raises(SystemExit):
        cli_main(["heartbeat-check", "--help"])
    capsys.readouterr()


def test_no_secret_is_written_in_it_and_the_settings_it_gives_reach_postgres_and_redis(compose, tmp_path):
    env = compose["x-app-env"]
    for name, value in env.items():
        if re.search(r"TOKEN|SECRET|PASSWORD|KEY", name) or "@" in str(value):
            assert VARIABLE.search(str(value)), f"{name} must come from the environment"
    given = {"POSTGRES_PASSWORD": "pw", "RASA_TOKEN": "r", "STAFF_API_TOKEN": "s", "SECRET_KEY": "k",
             "PUBLIC_BASE_URL": "https://repairs.example.org"}
    settings = Settings.from_env({**substitute(env, given), "REPAIRBOT_INSTANCE_DIR": str(tmp_path)})
    rasa = endpoints(settings)
    assert rasa["tracker_store"]["dialect"] == "postgresql" and rasa["tracker_store"]["url"] == "postgres"
    assert rasa["lock_store"] == {"type": "redis", "url": "redis", "port": 6379, "db": 0}
    assert rasa["action_endpoint"]["url"] == "http://actions:5055/webhook"


@pytest.mark.skipif(subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0
                    if shutil.which("docker") else True, reason="no docker compose here")
def test_docker_compose_accepts_it():  # pragma: no cover - where the compose plugin is installed
    env = {"POSTGRES_PASSWORD": "pw", "RASA_TOKEN": "r", "STAFF_API_TOKEN": "s", "SECRET_KEY": "k",
           "PUBLIC_BASE_URL": "https://repairs.example.org", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    done = subprocess.run(["docker", "compose", "-f", str(COMPOSE), "config", "-q"], env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
