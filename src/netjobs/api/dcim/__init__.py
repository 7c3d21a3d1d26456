"""The dcim inventory over HTTP (`/api/dcim/…`)."""
