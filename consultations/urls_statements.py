"""Routes of statement intake: the delegate's statements, the Secretariat's review, files."""

public_patterns: list = []
delegate_patterns: list = []
secretariat_patterns: list = []
