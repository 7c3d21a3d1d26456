"""Bookkeeping of the automation app: output files and run counters, on the "jobs" database alias.

A separate app label (`automation_records`) because the database router routes by app label, while hooks and
buttons must stay in the data database beside the content types they reference.
"""
