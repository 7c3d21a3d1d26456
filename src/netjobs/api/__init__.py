"""The REST API: netjobs' own paths, the spec's and Nautobot 2's paths, and the CNaaS-NMS style v1.0 paths."""
