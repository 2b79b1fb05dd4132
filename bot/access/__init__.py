"""Who may see or change what: tenants' ownership of tickets, one-time codes, API tokens, throttles."""
