"""The consultations API under /api/v1/: the public record (processes, meetings, speakers lists,
published statements, positions and figures), a delegation's writes and the Secretariat's review
of statements. Views read through the selectors and write through the services that the web
pages use, with the same rules (``user.has_perm``); each view says which."""
