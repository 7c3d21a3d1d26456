"""The contracts over HTTP (`/api/contracts/…`), built on the project's API base classes like the inventory."""
