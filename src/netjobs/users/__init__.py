"""Users, groups and API tokens: how people and programs authenticate to netjobs."""
