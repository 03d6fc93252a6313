"""Routes of issues and positions: public figures, the delegate's and the Secretariat's pages."""

public_patterns: list = []
delegate_patterns: list = []
secretariat_patterns: list = []
