"""Photos tenants attach in the web chat."""
