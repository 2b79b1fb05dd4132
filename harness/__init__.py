"""Starting a repairbot stack outside `make run`: the real processes on free ports, a local Twilio stand-in,
Twilio request signing and scratch PostgreSQL databases. Shared by the tests, the evaluation and the benchmarks."""
