"""Forum views, by responsibility: comments (discussion pages and writes) and
profile (a member's own account page)."""
