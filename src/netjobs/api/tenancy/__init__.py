"""The tenancy inventory over HTTP (`/api/tenancy/…`)."""
