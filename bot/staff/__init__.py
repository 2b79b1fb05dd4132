"""Staff users of the console."""
