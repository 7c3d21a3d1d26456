"""The ipam inventory over HTTP (`/api/ipam/…`)."""
