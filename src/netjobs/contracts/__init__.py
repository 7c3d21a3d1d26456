"""Contracts: service providers, contracts, what they cover, what they cost, and the jobs that watch them."""
