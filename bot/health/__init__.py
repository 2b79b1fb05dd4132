"""Liveness of the processes that have no port to probe (the dispatchers): heartbeats in the shared store."""
