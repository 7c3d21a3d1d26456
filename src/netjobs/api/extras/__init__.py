"""The extras inventory over HTTP (`/api/extras/…`)."""
