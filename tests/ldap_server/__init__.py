"""A real OpenLDAP server (Debian's slapd) for the directory tests: `harness.Directory`."""
