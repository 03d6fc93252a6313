"""Routes of round-table seats: the delegate's preferences, the Secretariat's allocation."""

delegate_patterns: list = []
secretariat_patterns: list = []
