"""Start the Rasa server from our Rasa venv with two small, visible fixes and the token kept off the command line.

`.venv-rasa/bin/python -m rasa_launcher run …` is `rasa run …` plus:

- one compiled jsonschema validator for every action-server response (Rasa OSS 3.6 builds a new one per response,
  40-60 % of its CPU per reply; rasa-pro 3.11 caches it the same way in `RemoteActionJSONValidator`);
- one aiohttp session per endpoint and event loop, so calls to the action server reuse a kept-alive connection
  instead of opening a new TCP connection (and a new session) for every action;
- `--auth-token` taken from `RASA_TOKEN` or the instance's `rasa_token` file, so `ps` never shows it.

Only the Rasa venv imports this package (it needs `rasa`); the app venv's tests run it there as a subprocess.
"""
