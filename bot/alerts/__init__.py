"""On-call alerting: rota, outbox, dispatcher loop and escalation."""
