"""netjobs: a network-automation jobs platform."""

__version__ = "0.1.0"
