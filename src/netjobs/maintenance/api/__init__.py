"""The maintenance app over HTTP (`/api/maintenance/…`), on the API's base classes like the inventory sections."""
