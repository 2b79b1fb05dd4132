"""The Rasa server, reached over HTTP like a database."""
