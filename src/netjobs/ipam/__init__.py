"""IPAM: prefixes and IP addresses, stored as netaddr objects."""
