"""API tokens, users and groups over HTTP (`/api/users/…`)."""
