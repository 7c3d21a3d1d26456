"""The circuits inventory over HTTP (`/api/circuits/…`)."""
