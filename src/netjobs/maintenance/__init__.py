"""Circuit maintenance: provider e-mail notifications turned into tracked maintenances, and the overlap check."""
