"""The benchmark's own arithmetic: which rate counts as sustained, the overhead ratio, py-spy summaries."""

from __future__ import annotations

from bot.settings import ROOT
from scripts.bench import StepResult, gateway_command, hottest, overhead, sustained


def step(target, rate, p50, p99, ok=None, store="sqlite", throughput=None):
    sent = int(rate * 20)
    return StepResult(target, store, rate, sent, sent if ok is None else ok, 0,
                      throughput if throughput is not None else rate, p50, p50 * 1.5, p99)


def test_the_sustained_rate_is_the_highest_step_kept_up_with_under_the_p99_limit():
    results = [step("sms", 4, 0.1, 0.2), step("sms", 8, 0.15, 0.4), step("sms", 16, 0.3, 0.9),
               step("sms", 12, 0.2, 0.45, throughput=9.0), step("rest", 32, 0.1, 0.2)]
    assert sustained(results, "sms", "sqlite").rate == 8  # 12/s had p99 < 0.5 s but fell behind the offered rate
    assert sustained(results, "sms", "sqlite", p99=1.0).rate == 16
    assert sustained(results, "web", "sqlite") is None


def test_a_step_with_failed_replies_is_not_sustained():
    assert sustained([step("sms", 4, 0.1, 0.2, ok=70)], "sms", "sqlite") is None


def test_overhead_compares_the_same_offered_rate_on_the_same_store():
    results = [step("sms", 4, 0.2, 0.3), step("rest", 4, 0.1, 0.2), step("sms", 8, 0.3, 0.5),
               step("rest", 8, 0.3, 0.4, store="postgresql")]
    assert overhead(results, "sqlite") == [(4, 2.0, 2.0)]


def test_hottest_groups_busy_samples_by_library_and_by_our_functions(tmp_path):
    raw = tmp_path / "raw.txt"
    # py-spy names files by absolute path: this checkout's, wherever it was cloned.
    raw.write_text(
        f"<module> (rasa/__main__.py:1);handle ({ROOT}/webhooks/sms.py:70);"
        f"match_address ({ROOT}/bot/register/matching.py:40);extract (/x/site-packages/rapidfuzz/process.py:9) 30\n"
        f"<module> (rasa/__main__.py:1);handle ({ROOT}/webhooks/sms.py:70);"
        "execute (/x/site-packages/sqlalchemy/engine/base.py:5) 10\n"
        "<module> (rasa/__main__.py:1);select (/usr/lib/python3.10/selectors.py:469) 500\n"
    )
    found = hottest(raw)
    assert found["libraries"][0] == ("rapidfuzz", 0.75)
    assert ("webhooks.sms.handle", 1.0) in found["our code"]
    assert ("bot.register.matching.match_address", 0.75) in found["our code"]


def test_the_gateway_runs_as_the_procfile_says_on_the_benchmarks_port():
    class FakeStack:
        gateway_port = 12345

    argv = gateway_command(FakeStack())
    assert argv[0].endswith(".venv/bin/gunicorn")
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:12345"


def test_first_signal_latency_runs_from_the_first_emergency_message_to_its_page():
    import threading

    from scripts.bench import Sample, alert_latencies

    class Stub:
        lock = threading.Lock()
        messages = [
            {"to": "+4520000001", "body": "AKUT GAS: adresse endnu ukendt. gas Ring +4530000001.", "arrived_at": 100.4},
            {"to": "+4520000001", "body": "OPDATERING 123-4566: Hovedgaden 12. Ring +4530000001.", "arrived_at": 109.0},
        ]

    samples = [Sample("sms", 1, 100.0, 0.2, True, False, True, "+4530000001", first=True),
               Sample("sms", 1, 108.5, 0.2, True, True, True, "+4530000001"),
               Sample("sms", 1, 100.0, 0.2, True, False, False, "+4530000002", first=True)]  # routine: no page
    assert [round(x, 1) for x in alert_latencies(Stub(), samples, first=True)] == [0.4]
    assert [round(x, 1) for x in alert_latencies(Stub(), samples)] == [0.5]  # the follow-up after the last answer


def test_the_action_call_relay_forwards_every_call_and_counts_what_rasa_asked_for():
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import requests

    from harness.action_calls import ActionCallRelay

    class ActionServer(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            call = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            body = json.dumps({"events": [], "responses": [{"text": f"ran {call['next_action']}"}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    upstream = ThreadingHTTPServer(("127.0.0.1", 0), ActionServer)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    relay = ActionCallRelay(upstream.server_address[1]).start()
    try:
        with requests.Session() as rasa:  # one kept-alive connection, as rasa_launcher's
            answers = [rasa.post(relay.url, json={"next_action": name, "tracker": {}}, timeout=5).json()
                       for name in ("action_validate_slot_mappings", "validate_repair_form")]
        mark = relay.mark()
        shipped = {"next_action": "action_help", "domain": {"responses": {"utter_help": [{"text": "Hej"}]}}}
        requests.post(relay.url, json=shipped, timeout=5)
    finally:
        relay.stop()
        upstream.shutdown()
    assert [a["responses"][0]["text"] for a in answers] == ["ran action_validate_slot_mappings",
                                                           "ran validate_repair_form"]
    assert relay.calls == ["action_validate_slot_mappings", "validate_repair_form", "action_help"]
    assert relay.since(mark) == ["action_help"] and relay.bytes_since(mark) == len(json.dumps(shipped).encode())
