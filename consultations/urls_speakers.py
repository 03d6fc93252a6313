"""Routes of speakers lists: the delegate's inscriptions, the Secretariat's management."""

delegate_patterns: list = []
secretariat_patterns: list = []
