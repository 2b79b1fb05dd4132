"""gunicorn settings of the gateway, the one place `make run`, the bench and the compose file take them from.

Workers x threads bounds the webhooks in flight; a request beyond that waits in the kernel's accept queue, not
stored yet, so there must be enough threads for a storm's burst while each webhook waits at most
DIALOGUE_BUDGET_SECONDS for the dialogue.
"""

import os

bind = os.environ.get("GATEWAY_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GATEWAY_WORKERS", "2"))
threads = int(os.environ.get("GATEWAY_THREADS", "16"))
# bot.dispatcher.replay.GATEWAY_REQUEST_MAX_SECONDS relies on no request outliving this.
timeout = 30
graceful_timeout = 20
accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(M)sms"
wsgi_app = "webhooks:create_app()"


def post_fork(server, worker):
    # Build the language detector (1.7 s) before the first request, not in the first degraded reply.
    from bot.triage import language

    language._detector()
